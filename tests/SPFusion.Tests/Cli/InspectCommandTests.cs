using System.Text.Json;
using SPFusion.Tests.Fits;
using SPFusion.Tests.Support;
using SPFusion.Transforms.Fits;

namespace SPFusion.Tests.Cli;

public class InspectCommandTests
{
    public static TheoryData<string> AllFitsFiles()
    {
        var data = new TheoryData<string>();
        foreach (string f in Directory.EnumerateFiles(TestPaths.Data, "*.fits*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            data.Add(Path.GetRelativePath(TestPaths.Data, f));
        return data;
    }

    [Theory]
    [MemberData(nameof(AllFitsFiles))]
    public void JsonAgreesWithTheReader(string relative)
    {
        string path = Path.Combine(TestPaths.Data, relative);
        var (code, stdout, stderr) = CliHarness.Run("inspect", path, "--json");
        Assert.True(code == 0, stderr);
        Assert.Equal(string.Empty, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        Assert.Equal(path, root.GetProperty("file").GetString());
        var hdus = root.GetProperty("hdus").EnumerateArray().ToArray();

        using var file = FitsFile.Open(path);
        Assert.Equal(file.Hdus.Count, hdus.Length);
        for (int i = 0; i < hdus.Length; i++)
        {
            var hdu = file[i];
            var j = hdus[i];
            Assert.Equal(i, j.GetProperty("index").GetInt32());
            Assert.Equal(hdu.TypeName, j.GetProperty("type").GetString());
            Assert.Equal(hdu.Bitpix, j.GetProperty("bitpix").GetInt32());
            Assert.Equal(hdu.Axes, j.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()));
            Assert.Equal(hdu.ExtName?.Trim(), j.GetProperty("extname").GetString());
            var header = j.GetProperty("header");
            Assert.Equal(hdu.Bitpix, header.GetProperty("BITPIX").GetInt32());
            foreach (var card in hdu.Header.Cards.Where(c => !c.IsCommentary))
            {
                var value = header.GetProperty(card.Key);
                var firstCard = hdu.Header.Find(card.Key)!;
                if (firstCard.ValueError is not null)
                {
                    Assert.Equal(firstCard.RawText.TrimEnd(), value.GetString());
                    continue;
                }
                switch (firstCard.Value)
                {
                    case null: Assert.Equal(JsonValueKind.Null, value.ValueKind); break;
                    case string s: Assert.Equal(s, value.GetString()); break;
                    case long l: Assert.Equal(l, value.GetInt64()); break;
                    case double d: Assert.Equal(d, value.GetDouble()); break;
                    case bool b: Assert.Equal(b, value.GetBoolean()); break;
                }
            }
            var columns = j.GetProperty("columns");
            if (hdu is BinaryTableHdu table)
            {
                var cols = columns.EnumerateArray().ToArray();
                Assert.Equal(table.Columns.Select(c => c.Name), cols.Select(c => c.GetProperty("name").GetString()));
                Assert.Equal(table.Columns.Select(c => c.Format), cols.Select(c => c.GetProperty("format").GetString()));
                Assert.Equal(table.Columns.Select(c => c.Unit), cols.Select(c => c.GetProperty("unit").GetString()));
            }
            else
            {
                Assert.Equal(JsonValueKind.Null, columns.ValueKind);
            }
        }
    }

    [Fact]
    public void JsonShowsConcreteValuesOfSurveyFiles()
    {
        var dr7 = Inspect(TestPaths.DataFile("lamost", "spec-55859-F5902_sp01-001_dr7.fits.gz"));
        var p = dr7.GetProperty("hdus")[0];
        Assert.Equal("PRIMARY", p.GetProperty("type").GetString());
        Assert.Equal(-32, p.GetProperty("bitpix").GetInt32());
        Assert.Equal([3908L, 5L], p.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal("Flux", p.GetProperty("extname").GetString());
        Assert.Equal(3.5682, p.GetProperty("header").GetProperty("COEFF0").GetDouble());
        Assert.True(p.GetProperty("header").GetProperty("SIMPLE").GetBoolean());
        Assert.False(p.GetProperty("header").TryGetProperty("COMMENT", out _));

        var dr9 = Inspect(TestPaths.DataFile("lamost", "spec-55859-F5902_sp01-013_dr8.fits.gz"));
        Assert.Equal(0, dr9.GetProperty("hdus")[0].GetProperty("shape").GetArrayLength());
        var coadd = dr9.GetProperty("hdus")[1];
        Assert.Equal("BINTABLE", coadd.GetProperty("type").GetString());
        Assert.Equal("COADD", coadd.GetProperty("extname").GetString());
        Assert.Equal([93792L, 1L], coadd.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()));
        var flux = coadd.GetProperty("columns")[0];
        Assert.Equal("FLUX", flux.GetProperty("name").GetString());
        Assert.Equal("3908E", flux.GetProperty("format").GetString());
        Assert.Equal(JsonValueKind.Null, flux.GetProperty("unit").ValueKind);

        var frame = Inspect(TestPaths.DataFile("sdss", "frame-i-004510-4-0030.fits.bz2"));
        var img = frame.GetProperty("hdus")[0];
        Assert.Equal([2048L, 1489L], img.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal("nanomaggy", img.GetProperty("header").GetProperty("BUNIT").GetString());
        Assert.Equal(["PRIMARY", "IMAGE", "BINTABLE", "BINTABLE"], frame.GetProperty("hdus").EnumerateArray().Select(h => h.GetProperty("type").GetString()));
    }

    [Fact]
    public void NonStandardCardValueIsShownAsTextWhileTheFileStaysReadable()
    {
        // The DSS header has "SKEW = -1.38..., -1.69..." (two numbers), which is not a FITS value.
        var dss = Inspect(TestPaths.DataFile("wcs", "dss.14.29.56-62.41.05.fits.gz"));
        string skew = dss.GetProperty("hdus")[0].GetProperty("header").GetProperty("SKEW").GetString()!;
        Assert.StartsWith("SKEW    = -1.3869888376036E+00, -1.6912592180432E+00", skew);
        Assert.Equal([100L, 100L], dss.GetProperty("hdus")[0].GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()));
    }

    [Fact]
    public void TextListingShowsHdusCardsAndColumns()
    {
        var (code, stdout, stderr) = CliHarness.Run("inspect", TestPaths.DataFile("fits", "tb.fits"));
        Assert.True(code == 0, stderr);
        Assert.Contains("HDU 1  BINTABLE  BITPIX=8  shape=[12, 2]", stdout);
        Assert.Contains("TNULL1  =          -2147483647 / undefined value for column", stdout);
        Assert.Contains("HISTORY Created Mon 15:05:16 10-Sep-2001", stdout);
        Assert.Matches(@"\n\s+4\s+c4\s+1L", stdout);
    }

    [Fact]
    public void MalformedFileGivesExitTwoAndOneLineNamingTheFile()
    {
        using var tmp = new TempFolder("spfusion-fits");
        byte[] bytes = File.ReadAllBytes(TestPaths.DataFile("fits", "arange.fits"));
        File.WriteAllBytes(tmp.File("test.fits"), bytes[..3000]); // the 3080-byte data unit is cut short
        foreach (string[] extra in new[] { Array.Empty<string>(), ["--json"] })
        {
            var (code, stdout, stderr) = CliHarness.Run(["inspect", tmp.File("test.fits"), .. extra]);
            Assert.Equal(2, code);
            Assert.Equal(string.Empty, stdout);
            string line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains(tmp.File("test.fits"), line);
            Assert.Contains("data shorter than the header promises", line);
        }
    }

    [Fact]
    public void MissingFileAndMissingArgument()
    {
        var (code, _, stderr) = CliHarness.Run("inspect", "/nonexistent/x.fits");
        Assert.Equal(2, code);
        Assert.Contains("/nonexistent/x.fits", stderr);
        var (usage, _, usageErr) = CliHarness.Run("inspect");
        Assert.Equal(2, usage);
        Assert.Contains("usage: spfusion inspect FILE [--json]", usageErr);
    }

    private static JsonElement Inspect(string path)
    {
        var (code, stdout, stderr) = CliHarness.Run("inspect", path, "--json");
        Assert.True(code == 0, stderr);
        return JsonDocument.Parse(stdout).RootElement.Clone();
    }
}
