using SPFusion.Tests.Support;
namespace SPFusion.Tests.Cli;

public sealed class SynthCommandTests
{
    [Fact]
    public void Synth_writes_a_tiny_survey_and_reports_counts_and_folder()
    {
        using var temp = new TempFolder("spfusion-synth-cli");
        string dir = temp.File("survey");
        var (code, stdout, stderr) = CliHarness.Run("synth", "--out", dir, "--stars", "4", "--seed", "7", "--background", "0");
        Assert.True(code == 0, stderr);
        Assert.Contains("wrote 4 stars (4 spectra, 1 fields = 3 frames", stdout);
        Assert.Contains(Path.GetFullPath(dir), stdout);
        Assert.Contains("synth: 100% (7/7 files)", stderr);
        Assert.Equal(5, File.ReadAllLines(Path.Combine(dir, "catalog.csv")).Length);
        Assert.Equal(4, Directory.GetFiles(Path.Combine(dir, "spectra"), "*.fits.gz").Length);
        Assert.Equal(3, Directory.GetFiles(Path.Combine(dir, "frames"), "frame-*.fits.bz2").Length);
    }

    [Fact]
    public void Synth_without_out_or_with_a_bad_count_is_a_usage_error()
    {
        var (code, _, stderr) = CliHarness.Run("synth", "--stars", "4");
        Assert.Equal(2, code);
        Assert.Contains("--out", stderr);
        (code, _, stderr) = CliHarness.Run("synth", "--out", Path.GetTempPath(), "--stars", "0");
        Assert.Equal(2, code);
        Assert.Contains("StarCount", stderr);
    }
}
