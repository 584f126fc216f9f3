namespace SPFusion.Tests.Cli;

public class InfoCommandTests
{
    [Fact]
    public void InfoReportsVersionsAndPassesTheSmokeTest()
    {
        var (code, stdout, stderr) = CliHarness.Run("info");
        Assert.True(code == 0, stderr);
        Assert.Contains("TorchSharp        0.107.0", stdout);
        Assert.Contains("libtorch          2.10", stdout);
        Assert.Contains("CPUExecutionProvider", stdout);
        Assert.Contains("ok", stdout.Split('\n').Single(l => l.StartsWith("smoke test", StringComparison.Ordinal)));
    }

    [Fact]
    public void UnknownOptionIsAUsageError()
    {
        var (code, _, stderr) = CliHarness.Run("info", "--bogus");
        Assert.Equal(2, code);
        Assert.Contains("unknown option --bogus", stderr);
    }

    [Fact]
    public void UnknownCommandIsAUsageError()
    {
        var (code, _, stderr) = CliHarness.Run("frobnicate");
        Assert.Equal(2, code);
        Assert.Contains("unknown command 'frobnicate'", stderr);
    }
}
