using SPFusion.ML.Evaluation;

namespace SPFusion.Cli.Commands;

/// <summary>
/// The mean ± std over the test folds of the calibrated sigmas' coverage (each fold scaled by its own validation
/// factor) and of the median-sigma ratio between SNR &lt; 20 and SNR &gt; 60 stars.
/// </summary>
internal sealed record CvUncertaintySummary(MeanStd MassWithinOneSigma, MeanStd MassWithinTwoSigma, MeanStd AgeWithinOneSigma, MeanStd AgeWithinTwoSigma,
    MeanStd MassSigmaSnrRatio, MeanStd AgeSigmaSnrRatio)
{
    /// <summary>The summary of every fold's calibration.</summary>
    public static CvUncertaintySummary Of(IReadOnlyList<CvFoldUncertainty> folds)
    {
        MeanStd Over(Func<CvFoldUncertainty, double> value) => MeanStd.Of(folds.Select(value).ToArray());
        double Ratio(CvFoldUncertainty f, string target) => f.SnrContrast.FirstOrDefault(c => c.Target == target).Ratio;
        return new CvUncertaintySummary(
            Over(f => f.Calibrated.Mass.Uncertainty!.WithinOneSigma), Over(f => f.Calibrated.Mass.Uncertainty!.WithinTwoSigma),
            Over(f => f.Calibrated.Age.Uncertainty!.WithinOneSigma), Over(f => f.Calibrated.Age.Uncertainty!.WithinTwoSigma),
            Over(f => Ratio(f, "mass")), Over(f => Ratio(f, "age")));
    }

    /// <summary>Two lines: the coverage and the SNR ratio of each target.</summary>
    public void Report(TextWriter w, int folds)
    {
        w.WriteLine($"sigmas scaled by each fold's validation factor, over {folds} test folds: mass within ±1σ {MassWithinOneSigma}, ±2σ {MassWithinTwoSigma}; " +
            $"age within ±1σ {AgeWithinOneSigma}, ±2σ {AgeWithinTwoSigma}");
        w.WriteLine($"median σ at SNR < {CommandLine.MetricsReport.LowSnr:0} over SNR > {CommandLine.MetricsReport.HighSnr:0}: mass {MassSigmaSnrRatio}x, age {AgeSigmaSnrRatio}x");
    }
}
