using SPFusion.Tests.Cli;
using SPFusion.Tests.Support;

namespace SPFusion.Tests.Reliability;

/// <summary>Catalogue lines that cannot describe a star are refused by prepare naming the file, line and column, in one bounded line.</summary>
public sealed class CatalogueRefusalTests
{
    private const string Header = "obsid,ra,dec,spectrum,g,r,i,mass,age";

    private static (int Code, string Line) Prepare(string catalogueBody)
    {
        using var temp = new TempFolder("spfusion-catalogue");
        string catalogue = temp.File("catalog.csv");
        File.WriteAllText(catalogue, Header + "\n" + catalogueBody);
        var (code, _, stderr) = CliHarness.Run("prepare", "--catalog", catalogue, "--out", temp.File("dataset"));
        Assert.False(Directory.Exists(temp.File("dataset"))); // refused before anything was written
        return (code, Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Theory]
    [InlineData("400", "10", "line 3: column 'ra' is 400; right ascension must lie in [0, 360) degrees")]
    [InlineData("360", "10", "line 3: column 'ra' is 360")]
    [InlineData("-0.5", "10", "line 3: column 'ra' is -0.5")]
    [InlineData("10", "-100", "line 3: column 'dec' is -100; declination must lie in [-90, 90] degrees")]
    public void CoordinatesOffTheSkyAreRefusedNamingTheLine(string ra, string dec, string expected)
    {
        var (code, line) = Prepare($"1,10,10,s1.fits,g.fits,r.fits,i.fits,1,2\n2,{ra},{dec},s2.fits,g.fits,r.fits,i.fits,1,2\n");
        Assert.Equal(2, code);
        Assert.Contains("catalog.csv, " + expected, line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-1.2", "2", "line 2: column 'mass' is -1.2; a mass or age must be positive")]
    [InlineData("1.2", "0", "line 2: column 'age' is 0; a mass or age must be positive")]
    public void NonPositiveMassOrAgeIsRefusedNamingTheLine(string mass, string age, string expected)
    {
        var (code, line) = Prepare($"1,10,10,s1.fits,g.fits,r.fits,i.fits,{mass},{age}\n");
        Assert.Equal(2, code);
        Assert.Contains("catalog.csv, " + expected, line, StringComparison.Ordinal);
    }

    [Fact]
    public void AHugeFieldIsQuotedOnlyInPart()
    {
        var (code, line) = Prepare($"1,{new string('9', 100_000)}x,10,s.fits,g.fits,r.fits,i.fits,1,2\n");
        Assert.Equal(2, code);
        Assert.Contains("column 'ra'", line, StringComparison.Ordinal);
        Assert.True(line.Length < 600, $"{line.Length} characters");
    }

    [Fact]
    public void ALineOfMegabytesIsRefusedWithoutReadingItWhole()
    {
        var (code, line) = Prepare($"1,10,10,s.fits,g.fits,r.fits,i.fits,1,2\n2,10,10,{new string('s', 3_000_000)}.fits,g.fits,r.fits,i.fits,1,2\n");
        Assert.Equal(2, code);
        Assert.Contains("catalog.csv, line 3: longer than 1,048,576 characters", line, StringComparison.Ordinal);
        Assert.True(line.Length < 600, $"{line.Length} characters");
    }

    [Fact]
    public void AHeaderOnlyCatalogueIsRefused()
    {
        var (code, line) = Prepare("");
        Assert.Equal(2, code);
        Assert.Contains("lists no stars", line, StringComparison.Ordinal);
    }
}
