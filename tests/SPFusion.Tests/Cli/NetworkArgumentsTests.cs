namespace SPFusion.Tests.Cli;

/// <summary>summary, export-onnx and train read the network flags the same way.</summary>
public class NetworkArgumentsTests
{
    [Theory]
    [InlineData("summary")]
    [InlineData("train")]
    [InlineData("export-onnx")]
    public void AblationFlagsAreValidatedAlikeByEveryCommand(string command)
    {
        string[] required = command switch
        {
            "train" => ["--data", "/nonexistent", "--out", "/tmp/never.zip"],
            "export-onnx" => ["--from", "/nonexistent.weights", "--out", "/tmp/never.onnx"],
            _ => [],
        };
        var (code, _, stderr) = CliHarness.Run([command, .. required, "--heads", "5"]);
        Assert.Equal(2, code);
        Assert.Contains("option --heads", stderr);

        (code, _, stderr) = CliHarness.Run([command, .. required, "--model", "convnext1d", "--star-kernel", "5"]);
        Assert.Equal(2, code);
        Assert.Contains("--star-kernel configures the fusion network", stderr);
    }
}
