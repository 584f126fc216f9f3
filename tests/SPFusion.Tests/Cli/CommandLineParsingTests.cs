using SPFusion.Tests.Support;

namespace SPFusion.Tests.Cli;

/// <summary>
/// The tool's command line on System.CommandLine: every refusal is exit code 2 and one line naming the option as typed
/// (System.CommandLine's own error output is several lines plus the help), help comes from the declarations, and
/// response files work.
/// </summary>
public sealed class CommandLineParsingTests
{
    private static string RefusedInOneLine(string[] args, string expected)
    {
        var (code, stdout, stderr) = CliHarness.Run(args);
        Assert.True(code == 2, $"exit {code}: {stderr}");
        Assert.Equal(string.Empty, stdout);
        string line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(expected, line, StringComparison.Ordinal);
        return line;
    }

    [Theory]
    [InlineData(new[] { "train", "--data", "d", "--out", "m.zip", "--device", "gpu" }, "option --device expects auto, cpu or cuda, got 'gpu'")]
    [InlineData(new[] { "train", "--data", "d", "--out", "m.zip", "--preset", "tiny" }, "option --preset expects published or small-survey, got 'tiny'")]
    [InlineData(new[] { "prepare", "--catalog", "c.csv", "--out", "d", "--on-error", "maybe" }, "option --on-error expects fail or skip, got 'maybe'")]
    [InlineData(new[] { "summary", "--model", "resnet" }, "option --model expects spfusion, convnext1d, convnext1d-paper, racnet, sscnn or resnet10t, got 'resnet'")]
    [InlineData(new[] { "train", "--data", "d", "--out", "m.zip", "--epochs", "ten" }, "option --epochs expects an integer, got 'ten'")]
    [InlineData(new[] { "train", "--data", "d", "--out", "m.zip", "--dropout", "1" }, "--dropout must lie in [0, 1) (got 1)")]
    [InlineData(new[] { "train", "--data", "d", "--data", "e", "--out", "m.zip" }, "option --data given twice")]
    [InlineData(new[] { "predict", "--data", "d", "--out", "p.csv" }, "option --model is required")]
    [InlineData(new[] { "predict", "--model" }, "option --model needs a value")]
    [InlineData(new[] { "predict", "--modle", "published", "--data", "d", "--out", "p.csv" }, "unknown option --modle")]
    [InlineData(new[] { "inspect", "a.fits", "b.fits" }, "unexpected argument 'b.fits'")]
    [InlineData(new[] { "prepare", "--catalog", "c.csv", "--out", "d", "--folds", "1" }, "--folds must be at least 2 (got 1)")]
    [InlineData(new[] { "predict", "--model", "published", "--data", "d", "--out", "p.csv", "--threads", "999" }, "--threads must be between 1 and")]
    [InlineData(new[] { "evaluate", "--model", "published", "--data", "d", "--threads", "0" }, "--threads must be at least 1 (got 0)")]
    public void ABadCommandLineIsOneLineAndExitCodeTwo(string[] args, string expected)
    {
        string line = RefusedInOneLine(args, expected);
        Assert.StartsWith($"spfusion {args[0]}: ", line, StringComparison.Ordinal);
        Assert.Contains("--help lists every option", line, StringComparison.Ordinal);
    }

    [Fact]
    public void HelpIsGeneratedFromTheDeclarationsAndExitsZero()
    {
        var (code, stdout, stderr) = CliHarness.Run("train", "--help");
        Assert.True(code == 0, stderr);
        Assert.Contains("--device <auto|cpu|cuda>", stdout, StringComparison.Ordinal);
        Assert.Contains("--epochs <N>", stdout, StringComparison.Ordinal);
        Assert.Contains("--metaformer-blocks <N>", stdout, StringComparison.Ordinal); // the network options are the verb's too
        // --help answers even when the rest of the line is incomplete.
        (code, stdout, _) = CliHarness.Run("predict", "--data", "d", "--help");
        Assert.Equal(0, code);
        Assert.Contains("--model <model.zip|FILE.onnx|published> (REQUIRED)", stdout, StringComparison.Ordinal);

        (code, stdout, _) = CliHarness.Run("--help");
        Assert.Equal(0, code);
        foreach (string verb in new[] { "ablate", "compare", "cv", "evaluate", "explain", "export-onnx", "info", "inspect", "predict", "prepare", "summary", "synth", "train" })
            Assert.Contains($"  {verb} ", stdout, StringComparison.Ordinal);
        (code, stdout, _) = CliHarness.Run("--version");
        Assert.Equal(0, code);
        Assert.Matches(@"^\d+\.\d+\.\d+", stdout);
    }

    [Fact]
    public void AResponseFileSuppliesOptions()
    {
        using var temp = new TempFolder("spfusion-response-file");
        string response = temp.File("summary.rsp");
        File.WriteAllLines(response, ["--model", "convnext1d"]);
        var (code, stdout, stderr) = CliHarness.Run("summary", "@" + response);
        Assert.True(code == 0, stderr);
        Assert.EndsWith("total parameters: 566850", stdout.TrimEnd(), StringComparison.Ordinal); // the baseline's, as --model convnext1d gives
    }
}
