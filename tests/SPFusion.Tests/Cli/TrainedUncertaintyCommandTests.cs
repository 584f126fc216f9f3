using Onnx;
using SPFusion.ML.Onnx.Uncertainty;
using SPFusion.ML.Persistence;
using SPFusion.Tests.Support;
using SPFusion.Transforms;

namespace SPFusion.Tests.Cli;

/// <summary>
/// The uncertainty sources chosen at training time from the command line: <c>--predict-variance</c> (the heteroscedastic
/// head), <c>--mc-dropout T</c> (the trained network saved as its Monte Carlo dropout graph), both together, and a
/// cross-validation ensemble of such models, whose parts survive into the ensemble.
/// </summary>
public sealed class TrainedUncertaintyCommandTests : IDisposable
{
    private static readonly string[] Quick = ["--epochs", "1", "--batch-size", "4", "--threads", "2", "--device", "cpu"];
    private readonly TempFolder _work = new("spfusion-trained-uncertainty");

    public void Dispose() => _work.Dispose();

    private static IReadOnlyList<string> Outputs(string zip) =>
        [.. ModelProto.Parser.ParseFrom(ModelZipOnnxGraph.Read(zip)).Graph.Output.Select(o => o.Name).Order(StringComparer.Ordinal)];

    [Fact]
    public void TrainWithBothSourcesGivesTheirPartsAndPredictWritesTheTotal()
    {
        string data = TinyDataset.Write(_work.File("dataset"), 8);
        string model = _work.File("model.zip");
        var (code, _, stderr) = CliHarness.Run(["train", "--data", data, "--out", model, "--predict-variance", "--mc-dropout", "3", "--seed", "5", .. Quick]);
        Assert.True(code == 0, stderr);
        Assert.Equal([SPFusionOnnxNames.DropoutSigmaOutput, SPFusionOnnxNames.PredictedSigmaOutput, SPFusionOnnxNames.PredictionOutput, SPFusionOnnxNames.SigmaOutput],
            Outputs(model));
        var graph = ModelProto.Parser.ParseFrom(ModelZipOnnxGraph.Read(model));
        Assert.Equal("3", graph.MetadataProps.Single(p => p.Key == MonteCarloDropoutGraph.PassesKey).Value);
        Assert.Equal("5", graph.MetadataProps.Single(p => p.Key == MonteCarloDropoutGraph.SeedKey).Value);

        string predictions = _work.File("predictions.csv");
        (code, _, stderr) = CliHarness.Run("predict", "--model", model, "--data", data, "--out", predictions);
        Assert.True(code == 0, stderr);
        var lines = File.ReadAllLines(predictions);
        Assert.Equal("obsid,mass,age,mass_sigma,age_sigma", lines[0]);
        Assert.All(lines.Skip(1), l => Assert.True(double.Parse(l.Split(',')[3], System.Globalization.CultureInfo.InvariantCulture) > 0, l));
    }

    [Fact]
    public void ACrossValidationEnsembleOfHeteroscedasticFoldsKeepsTheirPredictedSigma()
    {
        string data = TinyDataset.Write(_work.File("dataset"), 8);
        string ensemble = _work.File("ensemble.zip");
        var (code, _, stderr) = CliHarness.Run(["cv", "--data", data, "--folds", "2", "--out", _work.File("cv.json"), "--ensemble-out", ensemble, "--predict-variance", .. Quick]);
        Assert.True(code == 0, stderr);
        Assert.Equal([SPFusionOnnxNames.EnsembleSigmaOutput, SPFusionOnnxNames.PredictedSigmaOutput, SPFusionOnnxNames.PredictionOutput, SPFusionOnnxNames.SigmaOutput],
            Outputs(ensemble));
    }

    [Theory]
    [InlineData("--mc-dropout needs dropout", "--preset", "small-survey", "--mc-dropout", "4")]
    [InlineData("--mc-dropout below 2", "--mc-dropout", "1")]
    [InlineData("--predict-variance with --huber", "--predict-variance", "--huber", "1")]
    [InlineData("--predict-variance on a baseline", "--predict-variance", "--model", "convnext1d")]
    [InlineData("--variance-lr-scale without the head", "--variance-lr-scale", "30")]
    [InlineData("--no-variance-refit without the head", "--no-variance-refit")]
    public void BadCombinationsAreRefusedBeforeTraining(string why, params string[] flags)
    {
        string data = TinyDataset.Write(_work.File("dataset"), 6);
        string model = _work.File("model.zip");
        var (code, _, stderr) = CliHarness.Run(["train", "--data", data, "--out", model, .. flags, .. Quick]);
        Assert.True(code == 2, $"{why}: exit {code}, {stderr}");
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.False(File.Exists(model), why);
    }
}
