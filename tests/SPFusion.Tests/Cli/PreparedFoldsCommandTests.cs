using System.Text.Json;
using SPFusion.ML.Evaluation;
using SPFusion.Synthetic;
using SPFusion.Tests.Support;

namespace SPFusion.Tests.Cli;

/// <summary>
/// `spfusion cv` on a dataset with its own fold folders tests every star (all K folds `prepare --folds K` wrote), and
/// `prepare` into the same folder again leaves no fold of the earlier run behind.
/// </summary>
public sealed class PreparedFoldsCommandTests : IDisposable
{
    private static readonly string[] Quick = ["--epochs", "1", "--batch-size", "8", "--threads", "2", "--device", "cpu"];
    private readonly TempFolder _work = new("spfusion-folds");
    private readonly string _catalog;

    public PreparedFoldsCommandTests()
    {
        _catalog = SyntheticSurvey.Generate(new SyntheticSurveyOptions
        {
            OutputDirectory = _work.File("survey"),
            StarCount = 20,
            Seed = 5,
            StarsPerField = 20,
            EdgeFraction = 0,
        }).CatalogPath;
    }

    public void Dispose() => _work.Dispose();

    [Fact]
    public void CvRunsEveryPreparedFoldAndRejectsAnotherFoldCount()
    {
        string data = _work.File("dataset");
        var (code, _, stderr) = CliHarness.Run("prepare", "--catalog", _catalog, "--out", data, "--folds", "5");
        Assert.True(code == 0, stderr);

        string report = _work.File("cv.json");
        (code, var stdout, stderr) = CliHarness.Run(["cv", "--data", data, "--out", report, .. Quick]);
        Assert.True(code == 0, stderr);
        Assert.Contains("over 5 folds", stdout);
        using (var json = JsonDocument.Parse(File.ReadAllText(report)))
        {
            var folds = json.RootElement.GetProperty("folds");
            Assert.Equal(5, folds.GetArrayLength());
            Assert.Equal(20, folds.EnumerateArray().Sum(f => f.GetProperty("testCount").GetInt32())); // every star tested once
            // A model without sigmas has nothing to calibrate.
            Assert.All(folds.EnumerateArray(), f => Assert.Equal(JsonValueKind.Null, f.GetProperty("uncertainty").ValueKind));
            Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("mean").GetProperty("calibratedSigma").ValueKind);
        }

        // Asking for another count than the dataset's folds is bad input, found before any training.
        string other = _work.File("cv3.json");
        (code, stdout, stderr) = CliHarness.Run(["cv", "--data", data, "--folds", "3", "--out", other, .. Quick]);
        Assert.Equal(2, code);
        string line = Assert.Single(stderr.Trim().Split('\n'));
        Assert.Contains(data, line);
        Assert.Contains("5 prepared folds", line);
        Assert.Contains("--folds 3", line);
        Assert.DoesNotContain("epoch", stdout);
        Assert.False(File.Exists(other));
    }

    [Fact]
    public void CvOfAModelWithSigmasCalibratesEachTestFoldOnItsOwnValidationRows()
    {
        string data = _work.File("dataset");
        var (code, _, stderr) = CliHarness.Run("prepare", "--catalog", _catalog, "--out", data, "--folds", "2", "--validation-fraction", "0.3");
        Assert.True(code == 0, stderr);

        string report = _work.File("cv.json");
        (code, var stdout, stderr) = CliHarness.Run(["cv", "--data", data, "--out", report, "--predict-variance", .. Quick]);
        Assert.True(code == 0, stderr);
        Assert.Contains("fold 2 age sigma: scale", stdout);
        Assert.Contains("sigmas scaled by each fold's validation factor, over 2 test folds", stdout);
        using var json = JsonDocument.Parse(File.ReadAllText(report));
        var coverage = new List<double>();
        foreach (var fold in json.RootElement.GetProperty("folds").EnumerateArray())
        {
            var raw = fold.GetProperty("metrics");
            var sigma = fold.GetProperty("uncertainty");
            foreach (string target in new[] { "mass", "age" })
            {
                var factor = sigma.GetProperty("calibration").GetProperty(target);
                double scale = factor.GetProperty("scale").GetDouble();
                int n = factor.GetProperty("count").GetInt32();
                // The factor puts the ceil(0.6827 n) smallest validation ratios inside ±1σ (SigmaCalibration's rule).
                Assert.Equal(Math.Ceiling(SigmaCalibration.TargetCoverage * n) / n, factor.GetProperty("coverageAfter").GetDouble(), 6);
                // The test fold's sigmas are the raw ones times the validation factor.
                double rawMean = raw.GetProperty(target).GetProperty("uncertainty").GetProperty("meanSigma").GetDouble();
                double scaledMean = sigma.GetProperty("calibratedMetrics").GetProperty(target).GetProperty("uncertainty").GetProperty("meanSigma").GetDouble();
                Assert.Equal(rawMean * scale, scaledMean, rawMean * scale * 1e-5);
                Assert.True(sigma.GetProperty("medianSigmaBySnr").GetProperty(target).GetProperty("ratio").GetDouble() > 0);
            }
            coverage.Add(sigma.GetProperty("calibratedMetrics").GetProperty("mass").GetProperty("uncertainty").GetProperty("withinOneSigma").GetDouble());
        }
        var summary = json.RootElement.GetProperty("mean").GetProperty("calibratedSigma");
        Assert.Equal(coverage.Average(), summary.GetProperty("massWithinOneSigma").GetProperty("mean").GetDouble(), 12);
    }

    [Fact]
    public void PrepareRemovesTheFoldsOfAnEarlierRunIntoTheSameFolder()
    {
        string data = _work.File("dataset");
        var (code, _, stderr) = CliHarness.Run("prepare", "--catalog", _catalog, "--out", data, "--folds", "5");
        Assert.True(code == 0, stderr);
        Assert.True(Directory.Exists(Path.Combine(data, "fold5")));

        (code, var stdout, stderr) = CliHarness.Run("prepare", "--catalog", _catalog, "--out", data, "--folds", "3");
        Assert.True(code == 0, stderr);
        Assert.Contains("removed 5 fold folders of an earlier run", stdout);
        Assert.Equal(["fold1", "fold2", "fold3"], Directory.GetDirectories(data, "fold*").Select(Path.GetFileName).Order());

        // Without --folds the dataset keeps no folds at all: cv would otherwise use a split of an earlier run.
        (code, _, stderr) = CliHarness.Run("prepare", "--catalog", _catalog, "--out", data);
        Assert.True(code == 0, stderr);
        Assert.Empty(Directory.GetDirectories(data, "fold*"));
    }

    [Fact]
    public void ValidationFractionSetsEachFoldsTrainValidationShare()
    {
        string data = _work.File("dataset");
        var (code, stdout, stderr) = CliHarness.Run("prepare", "--catalog", _catalog, "--out", data, "--folds", "2", "--validation-fraction", "0.2");
        Assert.True(code == 0, stderr);
        // 20 stars, 10 tested per fold; of the other 10, 2 validate (0.2) instead of the default 3 (0.3).
        Assert.Contains("fold 1: 8 train, 2 val, 10 test", stdout);
        Assert.Contains("fold 2: 8 train, 2 val, 10 test", stdout);

        (code, stdout, stderr) = CliHarness.Run("prepare", "--catalog", _catalog, "--out", data, "--folds", "2");
        Assert.True(code == 0, stderr);
        Assert.Contains("fold 1: 7 train, 3 val, 10 test", stdout);

        foreach (string bad in new[] { "0", "1", "1.5" })
        {
            (code, _, stderr) = CliHarness.Run("prepare", "--catalog", _catalog, "--out", data, "--folds", "2", "--validation-fraction", bad);
            Assert.Equal(2, code);
            Assert.Contains("--validation-fraction", stderr);
        }
        (code, _, stderr) = CliHarness.Run("prepare", "--catalog", _catalog, "--out", data, "--validation-fraction", "0.2");
        Assert.Equal(2, code);
        Assert.Contains("give --folds too", stderr);
    }
}
