using System.Text.Json;
using SPFusion.ML.Network;
using SPFusion.ML.Onnx.Export;
using SPFusion.ML.Onnx.Uncertainty;
using SPFusion.ML.Persistence;
using SPFusion.Tests.Cli;
using SPFusion.Tests.Support;

namespace SPFusion.Tests.Onnx.Export;

public sealed class ExportOnnxCommandTests : IDisposable
{
    private readonly TempFolder _temp = new("spfusion-export-cli");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void ExportsThePublishedModelAndReportsItsParameterCount()
    {
        string output = Path.Combine(_temp.Path, "published-export.onnx");
        var (code, stdout, stderr) = CliHarness.Run("export-onnx", "--from", TestPaths.PublishedOnnx, "--out", output);
        Assert.True(code == 0, stderr);
        Assert.Contains(Path.GetFullPath(output), stdout);
        Assert.Contains("939,398 parameters", stdout);
        // The authors' file stores 938,830 numbers with batch norms folded; the export folds the same ones.
        Assert.Contains("938,830 stored weights", stdout);
        using var runner = new OnnxModelRunner(output);
        Assert.Equal(["prediction", "fusion_attention", "channel_attention"], runner.OutputNames);
        Assert.Equal("spfusion-published.onnx", runner.CustomMetadata[OnnxMetadataKeys.WeightsSource]);
    }

    [Fact]
    public void ExportsACheckpointWithItsAblationFlags()
    {
        var options = NetworkOptions.Published with { FusionHeads = 4, UseStarOperator = false };
        string checkpoint = Path.Combine(_temp.Path, "net.bin");
        using (var network = NetworkFactory.Create(options, 9)) network.SaveWeights(checkpoint);
        string output = Path.Combine(_temp.Path, "ablation.onnx");

        var (code, stdout, stderr) = CliHarness.Run("export-onnx", "--from", checkpoint, "--out", output, "--heads", "4", "--no-star");

        Assert.True(code == 0, stderr);
        Assert.Contains("model spfusion", stdout);
        using var runner = new OnnxModelRunner(output);
        var written = JsonSerializer.Deserialize<JsonElement>(runner.CustomMetadata[OnnxMetadataKeys.NetworkOptions]);
        Assert.Equal(4, written.GetProperty("FusionHeads").GetInt32());
        Assert.False(written.GetProperty("UseStarOperator").GetBoolean());
    }

    [Fact]
    public void ExportsABaselineCheckpoint()
    {
        string checkpoint = Path.Combine(_temp.Path, "baseline.bin");
        using (var network = NetworkFactory.Create(NetworkOptions.Published with { Variant = NetworkVariant.ConvNeXt1D }, 9))
            network.SaveWeights(checkpoint);
        string output = Path.Combine(_temp.Path, "baseline.onnx");
        var (code, stdout, stderr) = CliHarness.Run("export-onnx", "--from", checkpoint, "--out", output, "--model", "convnext1d");
        Assert.True(code == 0, stderr);
        Assert.Contains("566,850 parameters", stdout);
        using var runner = new OnnxModelRunner(output);
        Assert.Equal(["spectrum"], runner.InputNames);
    }

    [Theory]
    [InlineData(NetworkVariant.ConvNeXt1DPaper, "convnext1d-paper", "568,338", "spectrum")]
    [InlineData(NetworkVariant.RacNet, "racnet", "756,354", "spectrum")]
    [InlineData(NetworkVariant.Sscnn, "sscnn", "746,954", "spectrum")]
    [InlineData(NetworkVariant.ResNet10T, "resnet10t", "4,947,210", "photometric")]
    public void ExportsAComparisonNetworkCheckpointWithOnlyItsInput(NetworkVariant variant, string model, string parameters, string input)
    {
        string checkpoint = Path.Combine(_temp.Path, $"{model}.bin");
        using (var network = NetworkFactory.Create(NetworkOptions.Published with { Variant = variant }, 9))
            network.SaveWeights(checkpoint);
        string output = Path.Combine(_temp.Path, $"{model}.onnx");
        var (code, stdout, stderr) = CliHarness.Run("export-onnx", "--from", checkpoint, "--out", output, "--model", model);
        Assert.True(code == 0, stderr);
        Assert.Contains($"model {model}: {parameters} parameters", stdout);
        using var runner = new OnnxModelRunner(output);
        Assert.Equal([input], runner.InputNames);
        Assert.Equal(["prediction"], runner.OutputNames);
    }

    [Fact]
    public void CheckpointOfAnotherConfigurationIsBadInput()
    {
        string checkpoint = Path.Combine(_temp.Path, "heads2.bin");
        using (var network = NetworkFactory.Create(NetworkOptions.Published with { MetaFormerBlocks = 2 }, 9)) network.SaveWeights(checkpoint);
        var (code, _, stderr) = CliHarness.Run("export-onnx", "--from", checkpoint, "--out", Path.Combine(_temp.Path, "x.onnx"));
        Assert.Equal(2, code);
        Assert.Contains(checkpoint, stderr);
        Assert.False(File.Exists(Path.Combine(_temp.Path, "x.onnx")));
    }

    [Fact]
    public void ModelFlagsWithAnOnnxSourceAreAUsageError()
    {
        var (code, _, stderr) = CliHarness.Run("export-onnx", "--from", TestPaths.PublishedOnnx, "--out", Path.Combine(_temp.Path, "y.onnx"), "--heads", "2");
        Assert.Equal(2, code);
        Assert.Contains("model flags apply to checkpoints only", stderr);
    }

    [Fact]
    public void SpeedComparisonNeedsAnOnnxSource()
    {
        var (code, _, stderr) = CliHarness.Run("export-onnx", "--from", Path.Combine(_temp.Path, "net.bin"), "--out", Path.Combine(_temp.Path, "z.onnx"), "--compare-speed");
        Assert.Equal(2, code);
        Assert.Contains("--compare-speed", stderr);
    }

    [Fact]
    public void MissingSourceFileIsBadInputNamingTheFile()
    {
        string missing = Path.Combine(_temp.Path, "missing.bin");
        var (code, _, stderr) = CliHarness.Run("export-onnx", "--from", missing, "--out", Path.Combine(_temp.Path, "w.onnx"));
        Assert.Equal(2, code);
        Assert.Contains(missing, stderr);
    }

    [Fact]
    public void McDropoutWritesAModelZipWhosePredictionsCarrySigmas()
    {
        string zip = _temp.File("mc.zip");
        var (code, stdout, stderr) = CliHarness.Run("export-onnx", "--from", TestPaths.PublishedOnnx, "--out", zip, "--mc-dropout", "2");
        Assert.True(code == 0, stderr);
        Assert.Contains("Monte Carlo dropout: 2 passes, seed 42 (dropout 0.3, drop_path 0.3, convnext_dropout 0.2)", stdout);
        // The weights are stored once, however many passes: the published model's count.
        Assert.Contains("938,830 stored weights", stdout);
        using (var runner = new OnnxModelRunner(ModelZipOnnxGraph.Read(zip)))
        {
            Assert.Equal(["prediction", "prediction_sigma", "dropout_sigma"], runner.OutputNames);
            Assert.Equal("42", runner.CustomMetadata[MonteCarloDropoutGraph.SeedKey]);
            Assert.Equal("spfusion-published.onnx", runner.CustomMetadata[OnnxMetadataKeys.WeightsSource]);
        }

        string data = TinyDataset.Write(_temp.File("dataset"), 3);
        string predictions = _temp.File("predictions.csv");
        (code, _, stderr) = CliHarness.Run("predict", "--model", zip, "--data", data, "--out", predictions);
        Assert.True(code == 0, stderr);
        var lines = File.ReadAllLines(predictions);
        Assert.Equal("obsid,mass,age,mass_sigma,age_sigma", lines[0]);
        Assert.Equal(4, lines.Length);
    }

    [Fact]
    public void McDropoutWritesAnOnnxFileWithItsSeedFromAComparisonCheckpoint()
    {
        string checkpoint = _temp.File("convnext.bin");
        using (var network = NetworkFactory.Create(NetworkOptions.Published with { Variant = NetworkVariant.ConvNeXt1D }, 9))
            network.SaveWeights(checkpoint);
        string output = _temp.File("mc.onnx");
        var (code, stdout, stderr) = CliHarness.Run("export-onnx", "--from", checkpoint, "--out", output, "--model", "convnext1d", "--mc-dropout", "3", "--seed", "5");
        Assert.True(code == 0, stderr);
        Assert.Contains("Monte Carlo dropout: 3 passes, seed 5 (convnext_dropout 0.2)", stdout);
        using var runner = new OnnxModelRunner(output);
        Assert.Equal(["spectrum"], runner.InputNames);
        Assert.Equal(["prediction", "prediction_sigma", "dropout_sigma"], runner.OutputNames);
        Assert.Equal("3", runner.CustomMetadata[MonteCarloDropoutGraph.PassesKey]);
        Assert.Equal("5", runner.CustomMetadata[MonteCarloDropoutGraph.SeedKey]);
    }

    [Theory]
    [InlineData("--mc-dropout must be at least 2 (got 1)", "--mc-dropout", "1")]
    [InlineData("--mc-dropout and --compare-speed cannot be combined", "--mc-dropout", "4", "--compare-speed")]
    [InlineData("--seed only applies with --mc-dropout", "--seed", "3")]
    [InlineData("has no dropout or drop-path layer", "--mc-dropout", "4", "--model", "racnet")]
    [InlineData("has no dropout or drop-path layer", "--mc-dropout", "4", "--model", "resnet10t")]
    public void McDropoutRefusalsComeBeforeAnyWork(string refusal, params string[] flags)
    {
        // The checkpoint does not exist: each refusal must come before it is read, and nothing is written.
        string output = _temp.File("refused.onnx");
        var (code, _, stderr) = CliHarness.Run(["export-onnx", "--from", _temp.File("missing.bin"), "--out", output, .. flags]);
        Assert.Equal(2, code);
        Assert.Contains(refusal, stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void AModelZipAsSourceIsRefusedSayingWhy()
    {
        string output = _temp.File("from-zip.onnx");
        var (code, _, stderr) = CliHarness.Run("export-onnx", "--from", _temp.File("model.zip"), "--out", output, "--mc-dropout", "4");
        Assert.Equal(2, code);
        Assert.Contains("is a model zip", stderr, StringComparison.Ordinal);
        Assert.Contains("cannot be read back into a network", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void McDropoutNeverOverwritesItsInput()
    {
        string checkpoint = _temp.File("net.bin");
        using (var network = NetworkFactory.Create(NetworkOptions.Published with { Variant = NetworkVariant.ConvNeXt1D }, 9))
            network.SaveWeights(checkpoint);
        byte[] before = File.ReadAllBytes(checkpoint);
        var (code, _, stderr) = CliHarness.Run("export-onnx", "--from", checkpoint, "--out", checkpoint, "--model", "convnext1d", "--mc-dropout", "2");
        Assert.Equal(2, code);
        Assert.Contains("--out", stderr, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(checkpoint));
    }
}
