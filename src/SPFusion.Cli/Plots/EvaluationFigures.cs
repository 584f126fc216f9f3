using SPFusion.Cli.CommandLine;
using SPFusion.ML.Evaluation;

namespace SPFusion.Cli.Plots;

/// <summary>
/// <c>evaluate --figures</c>: predicted vs true for both targets, and when the model gives sigmas the calibration curve and
/// sigma vs SNR for both targets, drawn from the scored stars.
/// </summary>
internal static class EvaluationFigures
{
    private static readonly (string Word, string Quantity, Func<TwoTargetMetrics, TargetMetrics> Metrics, Func<ScoredStar, float> Truth, Func<ScoredStar, float> Predicted, Func<ScoredStar, float> Sigma)[] Targets =
    [
        ("mass", "mass (Msun)", m => m.Mass, s => s.Mass, s => s.PredictedMass, s => s.MassSigma),
        ("age", "age (Gyr)", m => m.Age, s => s.Age, s => s.PredictedAge, s => s.AgeSigma),
    ];

    /// <summary>Writes the figures into <paramref name="folder"/> (created if needed) and returns their paths.</summary>
    public static IReadOnlyList<string> Write(string folder, IReadOnlyList<ScoredStar> stars, TwoTargetMetrics metrics)
    {
        Directory.CreateDirectory(folder);
        var paths = new List<string>();
        foreach (var t in Targets)
        {
            paths.Add(PaperFigures.PredictedVersusTrue($"{t.Quantity}, {stars.Count} stars", t.Quantity,
                stars.Select(t.Truth).ToArray(), stars.Select(t.Predicted).ToArray(), Path.Combine(folder, $"{t.Word}-predicted-vs-true.png")));
        }
        var curves = CalibrationCurves(stars, metrics);
        if (curves.Count == 0) return paths;
        paths.Add(UncertaintyFigures.CalibrationCurve($"Calibration of the sigmas, {stars.Count} stars", curves, Path.Combine(folder, "calibration-curve.png")));
        foreach (var t in Targets.Where(t => t.Metrics(metrics).Uncertainty is not null))
        {
            paths.Add(UncertaintyFigures.SigmaVersusSnr($"Sigma of {t.Quantity} vs g-band SNR", t.Quantity, stars.Select(s => s.Snr).ToArray(),
                stars.Select(t.Sigma).ToArray(), t.Metrics(metrics).BySnr, Path.Combine(folder, $"sigma-vs-snr-{t.Word}.png")));
        }
        return paths;
    }

    /// <summary>The calibration curve of each target with sigmas (none without): nominal and observed coverage at ten widths.</summary>
    public static IReadOnlyList<(string Label, IReadOnlyList<(double Expected, double Observed)> Points)> CalibrationCurves(IReadOnlyList<ScoredStar> stars, TwoTargetMetrics metrics) =>
        Targets.Where(t => t.Metrics(metrics).Uncertainty is not null)
            .Select(t => (t.Quantity, GaussianCoverage.Curve(stars.Select(s => Math.Abs((double)t.Predicted(s) - t.Truth(s)) / t.Sigma(s)).ToArray())))
            .ToList();
}
