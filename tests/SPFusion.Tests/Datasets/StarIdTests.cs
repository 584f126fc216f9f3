using SPFusion.Transforms.Datasets;

namespace SPFusion.Tests.Datasets;

public class StarIdTests
{
    [Theory]
    [InlineData("101001", "101001")]
    [InlineData(" 101001 ", "101001")]
    [InlineData("+0101001", "101001")]
    [InlineData("101001.0", "101001")] // pandas writes integer columns as floats
    [InlineData("4295806720", "4295806720")] // Gaia DR3 source_id
    [InlineData("2M00000002+7417074", "2M00000002+7417074")] // APOGEE
    [InlineData("star-7", "star-7")]
    public void IntegerIdsAreCanonicalAndOtherIdsKeptAsGiven(string id, string expected) =>
        Assert.Equal(expected, StarId.Normalize(id));

    [Theory]
    [InlineData("101001")]
    [InlineData("2M00000002+7417074")]
    [InlineData("Gaia DR3 4295806720")]
    [InlineData("a.b_c-d")]
    public void SafeIdsNameFiles(string id)
    {
        Assert.Null(StarId.FileNameProblem(id));
        Assert.Equal(id + ".npy", Path.GetFileName(AuthorsDatasetLayout.SpectrumPath("/data", id)));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("..", "'..'")]
    [InlineData("../x", "'..'")]
    [InlineData("x/..", "'..'")]
    [InlineData(".", "'.'")]
    [InlineData("a/b", "path separator '/'")]
    [InlineData("a\\b", "path separator '\\'")]
    [InlineData("a\nb", "control character U+000A")]
    [InlineData("a\0b", "control character U+0000")]
    [InlineData("a,b", "','")]
    [InlineData("c:x", "':'")]
    [InlineData(" a", "white space")]
    public void UnsafeIdsAreRefusedSayingWhy(string id, string reason)
    {
        Assert.Contains(reason, StarId.FileNameProblem(id), StringComparison.Ordinal);
        var ex = Assert.Throws<InvalidDataException>(() => StarId.CheckFileName(id, "cat.csv, line 4, column 'obsid'"));
        Assert.StartsWith("cat.csv, line 4, column 'obsid': obsid '", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
        Assert.Throws<ArgumentException>(() => AuthorsDatasetLayout.PhotometricPath("/data", id));
    }

    [Fact]
    public void LabelCsvRoundTripsTextIdsAndRefusesUnsafeOnes()
    {
        using var temp = new Support.TempFolder("spfusion-starid");
        string path = temp.File("label.csv");
        LabelCsv.Write(path, [new AuthorsLabel("2M00000002+7417074", 12, 4800, 2.5, 0, 1.1, 3), new AuthorsLabel(101001, 13, 4800, 2.5, 0, 1.2, 4)]);
        Assert.Equal(["2M00000002+7417074", "101001"], LabelCsv.Read(path).Select(l => l.ObsId));

        File.WriteAllText(path, "obsid,SNR,teff_K,logg_cm_s2,feh_dex,mass_Msun,age_Gyr\n1,1,1,1,1,1,1\n..\\x,1,1,1,1,1,1\n");
        var ex = Assert.Throws<InvalidDataException>(() => LabelCsv.Read(path));
        Assert.StartsWith($"{path}: line 3: column 'obsid': obsid '..\\x'", ex.Message, StringComparison.Ordinal);
    }
}
