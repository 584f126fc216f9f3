using System.Text.Json;
using Microsoft.ML;
using SPFusion.Cli.CommandLine;
using SPFusion.Cli.Commands;
using SPFusion.Cli.Plots;
using SPFusion.ML.Evaluation;
using SPFusion.ML.Persistence;
using SPFusion.Tests.Support;
using SPFusion.Transforms.MLNet;

namespace SPFusion.Tests.Cli;

/// <summary>
/// <c>spfusion evaluate</c> with sigmas: the scored stars keep the predictions' sigmas, the report and JSON gain the
/// calibration, <c>--calibrate-on</c> fits the scale, <c>--figures</c> draws the calibration curve and sigma vs SNR.
/// No shipped model gives sigmas yet, so the sigma path is driven from constructed predictions through the command's own
/// steps (ScoredStar.From, EvaluateCommand.Evaluate and Calibrate, MetricsReport, EvaluationFigures); the full command
/// runs on the published model, which has none.
/// </summary>
public sealed class EvaluateUncertaintyTests
{
    /// <summary>Stars as the batch scorer hands them to evaluate: the dataset row and a prediction with (or without) sigmas.</summary>
    private static List<ScoredStar> Scored(int n, int seed, double massSigmaFactor = 1, double ageSigmaFactor = 1, bool sigmas = true) =>
        SigmaRows.Gaussian(n, seed, massSigmaFactor, ageSigmaFactor).Select(r => ScoredStar.From(
            new AuthorsDatasetRow { Mass = r.Mass, Age = r.Age, Snr = r.Snr },
            new SPFusionPrediction(r.PredictedMass, r.PredictedAge)
            {
                MassSigma = sigmas ? r.MassSigma : null,
                AgeSigma = sigmas ? r.AgeSigma : null,
            })).ToList();

    [Fact]
    public void ScoredStarsCarryThePredictionsSigmasIntoTheView()
    {
        var ml = new MLContext();
        var with = ScoredStar.ToDataView(ml, Scored(5, seed: 1));
        Assert.NotNull(with.Schema.GetColumnOrNull("MassSigma"));
        Assert.NotNull(with.Schema.GetColumnOrNull("AgeSigma"));
        Assert.Null(with.Schema.GetColumnOrNull("HasMassSigma"));
        var without = ScoredStar.ToDataView(ml, Scored(5, seed: 1, sigmas: false));
        Assert.Null(without.Schema.GetColumnOrNull("MassSigma"));
        Assert.Null(without.Schema.GetColumnOrNull("AgeSigma"));
        Assert.Null(EvaluateCommand.Evaluate(ml, Scored(5, seed: 1, sigmas: false)).Mass.Uncertainty);

        // A star without a sigma among stars with one is refused by row, not hidden by dropping the column.
        var mixed = Scored(5, seed: 1);
        mixed[3] = ScoredStar.From(new AuthorsDatasetRow { Mass = 1, Age = 1, Snr = 20 }, new SPFusionPrediction(1, 1) { AgeSigma = 0.5f });
        var ex = Assert.Throws<InvalidDataException>(() => EvaluateCommand.Evaluate(ml, mixed));
        Assert.StartsWith("row 3: column 'MassSigma' is NaN", ex.Message);
    }

    [Fact]
    public void TheReportAndJsonHoldTheCalibration()
    {
        var ml = new MLContext();
        var stars = Scored(4_000, seed: 2);
        var metrics = EvaluateCommand.Evaluate(ml, stars);
        var text = new StringWriter();
        MetricsReport.WriteUncertaintyTable(text, metrics);
        string table = text.ToString();
        Assert.Contains("| target      | n     | within ±1σ (68.3%) | within ±2σ (95.4%) | mean NLL | mean σ  | median σ |", table);
        Assert.Contains($"| mass (Msun) |  4000 | {metrics.Mass.Uncertainty!.WithinOneSigma,18:0.0%} |", table);
        Assert.Contains("age (Gyr) per SNR bin:", table);
        Assert.Contains($"| >=100       | {metrics.Age.BySnr[10].Count,5} | {metrics.Age.BySnr[10].Uncertainty!.WithinOneSigma,18:0.0%} |", table);

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(new { metrics }, MetricsReport.Json));
        var mass = json.RootElement.GetProperty("metrics").GetProperty("mass");
        var u = mass.GetProperty("uncertainty");
        Assert.Equal(metrics.Mass.Uncertainty.WithinOneSigma, u.GetProperty("withinOneSigma").GetDouble());
        Assert.Equal(metrics.Mass.Uncertainty.WithinTwoSigma, u.GetProperty("withinTwoSigma").GetDouble());
        Assert.Equal(metrics.Mass.Uncertainty.MeanNegativeLogLikelihood, u.GetProperty("meanNegativeLogLikelihood").GetDouble());
        Assert.Equal(metrics.Mass.Uncertainty.MedianSigma, u.GetProperty("medianSigma").GetDouble());
        Assert.Equal(metrics.Mass.BySnr[2].Uncertainty!.MeanSigma, mass.GetProperty("bySnr")[2].GetProperty("uncertainty").GetProperty("meanSigma").GetDouble());

        // Without sigmas the table is empty and the JSON says null.
        var plain = EvaluateCommand.Evaluate(ml, Scored(50, seed: 2, sigmas: false));
        var none = new StringWriter();
        MetricsReport.WriteUncertaintyTable(none, plain);
        Assert.Equal("", none.ToString());
        using var plainJson = JsonDocument.Parse(JsonSerializer.Serialize(new { metrics = plain }, MetricsReport.Json));
        Assert.Equal(JsonValueKind.Null, plainJson.RootElement.GetProperty("metrics").GetProperty("age").GetProperty("uncertainty").ValueKind);
    }

    [Fact]
    public void MedianSigmaAtLowAndHighSnrIsReported()
    {
        // The constructed mass sigma is 0.02 + 2 / SNR: at SNR 10 it is 0.22, at SNR 100 0.04.
        var stars = new[] { 5f, 10f, 15f, 19.9f, 20f, 60f, 80f, 100f, 120f }.Select(snr => ScoredStar.From(
            new AuthorsDatasetRow { Mass = 1, Age = 5, Snr = snr },
            new SPFusionPrediction(1, 5) { MassSigma = 0.02f + (2 / snr), AgeSigma = 1 })).ToList();
        var contrast = MetricsReport.SigmaSnrContrast(stars);
        Assert.Equal(["mass", "age"], contrast.Select(c => c.Target));
        // SNR < 20: 5, 10, 15, 19.9 -> median of the sigmas at 10 and 15; SNR > 60: 80, 100, 120 -> the sigma at 100.
        Assert.Equal(0.5 * ((0.02f + (2 / 10f)) + (0.02f + (2 / 15f))), contrast[0].LowSnrMedian, 1e-7);
        Assert.Equal(0.02f + (2 / 100f), contrast[0].HighSnrMedian, 1e-7);
        Assert.Equal(contrast[0].LowSnrMedian / contrast[0].HighSnrMedian, contrast[0].Ratio);
        Assert.Equal(1.0, contrast[1].Ratio);
        var text = new StringWriter();
        MetricsReport.WriteSigmaSnrContrast(text, stars);
        Assert.Contains($"median σ of mass: {contrast[0].LowSnrMedian:0.0000} at SNR < 20, {contrast[0].HighSnrMedian:0.0000} at SNR > 60 ({contrast[0].Ratio:0.00}x)", text.ToString());

        var ml = new MLContext();
        using var json = JsonDocument.Parse(EvaluateCommand.Json("m.zip", "d", EvaluateCommand.Evaluate(ml, stars), contrast, null, null, null));
        Assert.Equal(contrast[0].Ratio, json.RootElement.GetProperty("medianSigmaBySnr").GetProperty("mass").GetProperty("ratio").GetDouble());
        Assert.False(json.RootElement.TryGetProperty("calibration", out _));
        Assert.Empty(MetricsReport.SigmaSnrContrast(Scored(20, seed: 7, sigmas: false)));
    }

    [Fact]
    public void CalibrateOnValidationStarsScalesTheTestSigmas()
    {
        // The model's mass sigmas are half the true spread: the validation fit doubles them, and the test coverage follows.
        var ml = new MLContext();
        var (calibration, calibrated) = EvaluateCommand.Calibrate(ml, Scored(10_000, seed: 3, massSigmaFactor: 0.5), Scored(10_000, seed: 4, massSigmaFactor: 0.5));
        Assert.Equal(2.0, calibration.Mass.Scale, 0.06);
        Assert.Equal(1.0, calibration.Age.Scale, 0.03);
        Assert.Equal(0.6827, calibrated.Mass.Uncertainty!.WithinOneSigma, 0.02);
        Assert.Equal(0.9545, calibrated.Mass.Uncertainty.WithinTwoSigma, 0.01);
        var text = new StringWriter();
        MetricsReport.WriteCalibrationTable(text, calibration);
        var before = EvaluateCommand.Evaluate(ml, Scored(10_000, seed: 4, massSigmaFactor: 0.5));
        using (var json = JsonDocument.Parse(EvaluateCommand.Json("m.zip", "test", before, [], "val", calibration, calibrated)))
        {
            var c = json.RootElement.GetProperty("calibration");
            Assert.Equal("val", c.GetProperty("validation").GetString());
            Assert.Equal(calibration.Mass.Scale, c.GetProperty("mass").GetProperty("scale").GetDouble());
            Assert.Equal(calibration.Age.CoverageBefore, c.GetProperty("age").GetProperty("coverageBefore").GetDouble());
            Assert.Equal(calibration.Age.CoverageAfter, c.GetProperty("age").GetProperty("coverageAfter").GetDouble());
            Assert.Equal(calibrated.Mass.Uncertainty.WithinOneSigma,
                json.RootElement.GetProperty("calibratedMetrics").GetProperty("mass").GetProperty("uncertainty").GetProperty("withinOneSigma").GetDouble());
            Assert.Equal(before.Mass.Uncertainty!.WithinOneSigma,
                json.RootElement.GetProperty("metrics").GetProperty("mass").GetProperty("uncertainty").GetProperty("withinOneSigma").GetDouble());
        }
        Assert.Contains($"| mass (Msun) | 10000 | {calibration.Mass.Scale,11:0.0000} | {calibration.Mass.CoverageBefore,17:0.0%} | {calibration.Mass.CoverageAfter,20:0.0%} |", text.ToString());
    }

    [Fact]
    public void FiguresShowTheCalibrationWhenSigmasArePresent()
    {
        using var temp = new TempFolder("spfusion-uncertainty-figures");
        var ml = new MLContext();
        var stars = Scored(3_000, seed: 5, massSigmaFactor: 0.5);
        var metrics = EvaluateCommand.Evaluate(ml, stars);
        var paths = EvaluationFigures.Write(temp.File("figures"), stars, metrics);
        string[] names = ["mass-predicted-vs-true.png", "age-predicted-vs-true.png", "calibration-curve.png", "sigma-vs-snr-mass.png", "sigma-vs-snr-age.png"];
        Assert.Equal(names, paths.Select(p => Path.GetFileName(p)));
        foreach (string name in names) AssertPng(Path.Combine(temp.Path, "figures", name));

        // The data behind the curve: age (calibrated) follows the diagonal; mass sigmas at half the spread put the share
        // inside nominal p at P(|z| <= z_p / 2), e.g. 0.589 for p = 0.9 and 0.673 for p = 0.95.
        var curves = EvaluationFigures.CalibrationCurves(stars, metrics);
        Assert.Equal(["mass (Msun)", "age (Gyr)"], curves.Select(c => c.Label));
        Assert.Equal(10, curves[1].Points.Count);
        Assert.All(curves[1].Points, p => Assert.Equal(p.Expected, p.Observed, 0.03));
        Assert.Equal(0.9, curves[0].Points[8].Expected);
        Assert.Equal(0.589, curves[0].Points[8].Observed, 0.03);
        Assert.Equal(0.673, curves[0].Points[9].Observed, 0.03);
        Assert.Equal(GaussianCoverage.Curve(stars.Select(s => Math.Abs((double)s.PredictedMass - s.Mass) / s.MassSigma).ToArray()), curves[0].Points);

        // Without sigmas: only predicted vs true.
        var plain = Scored(200, seed: 6, sigmas: false);
        var plainPaths = EvaluationFigures.Write(temp.File("plain"), plain, EvaluateCommand.Evaluate(ml, plain));
        Assert.Equal(names[..2], plainPaths.Select(p => Path.GetFileName(p)));
        Assert.False(File.Exists(Path.Combine(temp.Path, "plain", "calibration-curve.png")));
    }

    [Fact]
    public void EvaluateWithoutSigmasDrawsTheUsualFiguresAndRefusesCalibrateOn()
    {
        using var temp = new TempFolder("spfusion-evaluate-figures");
        string data = TinyDataset.Write(temp.File("data"), 12);
        string figures = temp.File("figures"), report = temp.File("report.json");
        var (code, stdout, stderr) = CliHarness.Run("evaluate", "--model", TestPaths.PublishedOnnx, "--data", data, "--figures", figures, "--out", report);
        Assert.True(code == 0, stderr);
        Assert.DoesNotContain("±1σ", stdout, StringComparison.Ordinal);
        AssertPng(Path.Combine(figures, "mass-predicted-vs-true.png"));
        AssertPng(Path.Combine(figures, "age-predicted-vs-true.png"));
        Assert.False(File.Exists(Path.Combine(figures, "calibration-curve.png")));
        using (var json = JsonDocument.Parse(File.ReadAllText(report)))
        {
            Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("metrics").GetProperty("mass").GetProperty("uncertainty").ValueKind);
            Assert.False(json.RootElement.TryGetProperty("calibration", out _));
            Assert.False(json.RootElement.TryGetProperty("medianSigmaBySnr", out _));
        }

        (code, _, stderr) = CliHarness.Run("evaluate", "--model", TestPaths.PublishedOnnx, "--data", data, "--calibrate-on", data);
        Assert.Equal(2, code);
        Assert.Contains("gives no sigma", stderr, StringComparison.Ordinal);

        (code, _, stderr) = CliHarness.Run("evaluate", "--model", TestPaths.PublishedOnnx, "--data", data, "--figures", Path.Combine(data, "figs"));
        Assert.Equal(2, code);
        Assert.Contains("--figures", stderr, StringComparison.Ordinal);
    }

    private static void AssertPng(string path)
    {
        Assert.True(File.Exists(path), path);
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 1000, $"{path}: {bytes.Length} bytes");
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
    }
}
