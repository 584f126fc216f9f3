using System.Globalization;
using Onnx;
using SPFusion.ML.Onnx.Ensemble;
using SPFusion.ML.Persistence;
using SPFusion.Tests.Support;
using SPFusion.Transforms.MLNet;

namespace SPFusion.Tests.Cli;

/// <summary>
/// <c>spfusion cv --ensemble-out</c> combines the fold models into one zip, and <c>spfusion predict --data</c> writes its
/// sigmas; a bad <c>--ensemble-out</c> is refused before any fold trains.
/// </summary>
public sealed class EnsembleCommandTests : IDisposable
{
    private static readonly string[] Quick = ["--epochs", "1", "--batch-size", "4", "--threads", "2", "--device", "cpu"];
    private readonly TempFolder _work = new("spfusion-ensemble-cli");

    public void Dispose() => _work.Dispose();

    [Fact]
    public void CvEnsembleOutCombinesTheFoldModelsAndPredictWritesTheirSigmas()
    {
        string data = TinyDataset.Write(_work.File("dataset"), 8);
        string report = _work.File("cv.json"), ensemble = _work.File("ensemble.zip");
        var (code, stdout, stderr) = CliHarness.Run(["cv", "--data", data, "--folds", "2", "--out", report, "--ensemble-out", ensemble, .. Quick]);
        Assert.True(code == 0, stderr);
        Assert.Contains("ensemble of the 2 fold models", stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(report));

        var graph = ModelProto.Parser.ParseFrom(ModelZipOnnxGraph.Read(ensemble));
        Assert.Equal("2", graph.MetadataProps.Single(p => p.Key == EnsembleGraph.MembersKey).Value);
        Assert.Contains(graph.Graph.Output, o => o.Name == "prediction_sigma");

        string predictions = _work.File("predictions.csv");
        (code, _, stderr) = CliHarness.Run("predict", "--model", ensemble, "--data", data, "--out", predictions);
        Assert.True(code == 0, stderr);
        var lines = File.ReadAllLines(predictions);
        Assert.Equal("obsid,mass,age,mass_sigma,age_sigma", lines[0]);
        Assert.Equal(9, lines.Length);

        // The CLI's values are the batch predictor's, sigma included; two differently trained folds disagree somewhere.
        var ml = new Microsoft.ML.MLContext(seed: 1);
        using var predictor = SPFusionBatchPredictor.FromModelZip(ensemble, new SPFusionBatchOptions { IntraOpNumThreads = 1 });
        var expected = predictor.Predict(ml.Data.LoadAuthorsDataset(data));
        for (int i = 0; i < 8; i++)
        {
            var f = lines[i + 1].Split(',').Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(expected[i].PredictedMass, f[1], 1e-5f);
            Assert.Equal(expected[i].MassSigma!.Value, f[3], 1e-5f);
            Assert.Equal(expected[i].AgeSigma!.Value, f[4], 1e-5f);
            Assert.True(f[3] >= 0 && f[4] >= 0, lines[i + 1]);
        }
        Assert.Contains(lines.Skip(1), l => float.Parse(l.Split(',')[3], CultureInfo.InvariantCulture) > 0);
    }

    [Fact]
    public void AnUnwritableOrReusedEnsembleOutIsRefusedBeforeAnyFoldTrains()
    {
        string data = TinyDataset.Write(_work.File("dataset"), 6);
        string report = _work.File("cv.json");
        string missingFolder = Path.Combine(_work.File("no-such-folder"), "ensemble.zip");
        var (code, stdout, stderr) = CliHarness.Run(["cv", "--data", data, "--folds", "2", "--out", report, "--ensemble-out", missingFolder, .. Quick]);
        Assert.Equal(2, code);
        string line = Assert.Single(stderr.Trim().Split('\n'));
        Assert.Contains("--ensemble-out", line, StringComparison.Ordinal);
        Assert.Contains("does not exist", line, StringComparison.Ordinal);
        Assert.DoesNotContain("fold 1", stdout, StringComparison.Ordinal);
        Assert.False(File.Exists(report));

        (code, stdout, stderr) = CliHarness.Run(["cv", "--data", data, "--folds", "2", "--out", report, "--ensemble-out", report, .. Quick]);
        Assert.Equal(2, code);
        Assert.Contains("--ensemble-out", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("fold 1", stdout, StringComparison.Ordinal);

        (code, _, stderr) = CliHarness.Run(["cv", "--data", data, "--folds", "2", "--out", report, "--ensemble-out", Path.Combine(data, "e.zip"), .. Quick]);
        Assert.Equal(2, code);
        Assert.Contains("inside the --data folder", stderr, StringComparison.Ordinal);
    }
}
