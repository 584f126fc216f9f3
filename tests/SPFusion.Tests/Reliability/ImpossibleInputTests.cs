using SPFusion.Tests.Cli;
using SPFusion.Tests.Support;
using SPFusion.Transforms.Datasets;
using SPFusion.Transforms.Fits;

namespace SPFusion.Tests.Reliability;

/// <summary>Inputs that cannot be real are refused naming the file, without allocating what they claim.</summary>
public sealed class ImpossibleInputTests
{
    [Fact]
    public void PredictRefusesATwoPixelSpectrumNamingTheFile()
    {
        using var temp = new TempFolder("spfusion-impossible");
        string data = TinyDataset.Write(temp.File("data"), count: 3);
        string spectrum = AuthorsDatasetLayout.SpectrumPath(data, "2");
        NpyFile.Write(spectrum, new float[] { 4000, 4001, 1, 2 }, 2, 2);
        var (code, stdout, stderr) = CliHarness.Run("predict", "--model", TestPaths.PublishedOnnx, "--data", data, "--out", temp.File("p.csv"));
        Assert.Equal(2, code);
        string line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(spectrum, line, StringComparison.Ordinal);
        Assert.Contains("spans 4000-4001 Angstrom", line, StringComparison.Ordinal);
        Assert.DoesNotContain("predictions", stdout, StringComparison.Ordinal);
        Assert.False(File.Exists(temp.File("p.csv")));
    }

    [Fact]
    public void ANegativeMassInTheLabelTableIsRefusedByEveryVerbAlike()
    {
        using var temp = new TempFolder("spfusion-impossible");
        string data = TinyDataset.Write(temp.File("data"), count: 3);
        string label = AuthorsDatasetLayout.LabelPath(data);
        File.WriteAllText(label, File.ReadAllText(label).Replace(",1.02,", ",-1.02,", StringComparison.Ordinal));
        foreach (string[] args in new[]
        {
            new[] { "predict", "--model", TestPaths.PublishedOnnx, "--data", data, "--out", temp.File("p.csv") },
            new[] { "evaluate", "--model", TestPaths.PublishedOnnx, "--data", data },
            new[] { "train", "--data", data, "--out", temp.File("m.zip"), "--epochs", "1" },
        })
        {
            var (code, _, stderr) = CliHarness.Run(args);
            Assert.Equal(2, code);
            string line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains($"{label}: line 3: column 'mass_Msun' is -1.02; a mass or age must be positive", line, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void AnNpyHeaderClaimingGigabytesIsRefusedAsTruncated()
    {
        byte[] bytes = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 2, 0, 0xFF, 0xFF, 0xFF, 0x7F, (byte)'{', (byte)'}'];
        var ex = Assert.Throws<InvalidDataException>(() => NpyFile.Parse(bytes, "huge.npy"));
        Assert.Contains("huge.npy: truncated .npy header (2147483647 bytes declared, 2 present)", ex.Message, StringComparison.Ordinal);
        bytes[11] = 0xFF; // 4 GB: beyond int
        ex = Assert.Throws<InvalidDataException>(() => NpyFile.Parse(bytes, "huge.npy"));
        Assert.Contains("4294967295 bytes declared", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFolderGivenAsAFitsFileIsNamedAsAFolder()
    {
        using var temp = new TempFolder("spfusion-impossible");
        var ex = Assert.Throws<InvalidDataException>(() => FitsFile.Open(temp.Path));
        Assert.Equal($"{temp.Path}: is a folder, not a FITS file", ex.Message);
    }
}
