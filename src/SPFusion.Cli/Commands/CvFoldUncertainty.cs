using Microsoft.ML;
using SPFusion.Cli.CommandLine;
using SPFusion.ML.Evaluation;

namespace SPFusion.Cli.Commands;

/// <summary>
/// A fold's sigmas for <c>spfusion cv</c> on prepared folds: the scale factors fitted on the fold's validation rows, its
/// test rows' metrics with them applied, and the median sigma at low against high SNR, so that a cross-validation run
/// gives the calibrated coverage on each test fold as <c>spfusion evaluate --calibrate-on</c> gives it for one model.
/// </summary>
/// <param name="Calibration">The factors and the validation coverage before and after.</param>
/// <param name="Calibrated">The test fold's metrics with the scaled sigmas.</param>
/// <param name="SnrContrast">Per target, the median sigma of SNR &lt; 20 and SNR &gt; 60 test stars and their ratio (a factor does not change it).</param>
internal sealed record CvFoldUncertainty(SigmaCalibration Calibration, TwoTargetMetrics Calibrated,
    IReadOnlyList<(string Target, double LowSnrMedian, double HighSnrMedian, double Ratio)> SnrContrast)
{
    /// <summary>The fold's calibration, or null when the model gives no sigmas (nothing to calibrate).</summary>
    public static CvFoldUncertainty? Of(MLContext ml, ITransformer model, TwoTargetMetrics testMetrics, IDataView validation, IDataView test)
    {
        if (testMetrics.Mass.Uncertainty is null || testMetrics.Age.Uncertainty is null) return null;
        // Each set is scored once and read as stars, as evaluate --calibrate-on reads them.
        var validationStars = ScoredStar.Read(ml, model.Transform(validation));
        var testStars = ScoredStar.Read(ml, model.Transform(test));
        var (calibration, calibrated) = EvaluateCommand.Calibrate(ml, validationStars, testStars);
        return new CvFoldUncertainty(calibration, calibrated, MetricsReport.SigmaSnrContrast(testStars));
    }

    /// <summary>One line per target: the factor, the test fold's coverage with it and the SNR contrast.</summary>
    public void Report(TextWriter w, int fold)
    {
        foreach (var (name, factor, metrics) in new[] { ("mass", Calibration.Mass, Calibrated.Mass), ("age", Calibration.Age, Calibrated.Age) })
        {
            var u = metrics.Uncertainty!;
            var contrast = SnrContrast.FirstOrDefault(c => c.Target == name);
            w.WriteLine($"fold {fold} {name} sigma: scale {factor.Scale:0.000} (validation ±1σ {factor.CoverageBefore:0.0%} before); " +
                $"test ±1σ {u.WithinOneSigma:0.0%}, ±2σ {u.WithinTwoSigma:0.0%}; median σ SNR < {MetricsReport.LowSnr:0} / > {MetricsReport.HighSnr:0}: {contrast.Ratio:0.00}x");
        }
    }

    /// <summary>The JSON form: tuples written as named members.</summary>
    public object ToJson() => new
    {
        calibration = new { mass = Calibration.Mass, age = Calibration.Age },
        calibratedMetrics = Calibrated,
        medianSigmaBySnr = SnrContrast.ToDictionary(c => c.Target, c => new { lowSnrMedian = c.LowSnrMedian, highSnrMedian = c.HighSnrMedian, ratio = c.Ratio }),
    };
}
