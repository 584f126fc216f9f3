namespace SPFusion.ML.Evaluation;

/// <summary>Regression metrics of one target (mass or age), as the paper reports them.</summary>
/// <param name="Count">Number of stars evaluated.</param>
/// <param name="MeanAbsoluteError">Mean |predicted - true|.</param>
/// <param name="MeanSquaredError">Mean (predicted - true)^2.</param>
/// <param name="RSquared">Coefficient of determination, 1 - SSE/SST (NaN when the labels are constant).</param>
/// <param name="ResidualMean">Mean of predicted - true (bias).</param>
/// <param name="ResidualStdDev">Population standard deviation of predicted - true.</param>
/// <param name="BySnr">MAE per g-band SNR bin (width 10 up to 100, then SNR &gt;= 100); empty when no SNR column was given.</param>
public sealed record TargetMetrics(
    long Count,
    double MeanAbsoluteError,
    double MeanSquaredError,
    double RSquared,
    double ResidualMean,
    double ResidualStdDev,
    IReadOnlyList<SnrBinMetrics> BySnr)
{
    /// <summary>
    /// How well the model's sigmas describe the residuals (coverage, negative log-likelihood, sigma size); null when the
    /// scored data has no sigma column for this target (<see cref="TwoTargetColumns.MassSigma"/>, <see cref="TwoTargetColumns.AgeSigma"/>).
    /// Per SNR bin in <see cref="SnrBinMetrics.Uncertainty"/>.
    /// </summary>
    public UncertaintyMetrics? Uncertainty { get; init; }

    /// <summary>Square root of <see cref="MeanSquaredError"/>.</summary>
    public double RootMeanSquaredError => Math.Sqrt(MeanSquaredError);
}
