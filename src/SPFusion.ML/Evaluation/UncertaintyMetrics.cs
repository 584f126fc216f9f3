namespace SPFusion.ML.Evaluation;

/// <summary>
/// How well one target's sigmas (a model's standard deviations) describe its residuals r = predicted - true, over a set of
/// stars. For a calibrated Gaussian sigma, <see cref="WithinOneSigma"/> is 0.683 and <see cref="WithinTwoSigma"/> 0.954.
/// </summary>
/// <param name="Count">Stars evaluated; 0 for an empty SNR bin (then every other value is NaN).</param>
/// <param name="WithinOneSigma">Share of stars with |r| &lt;= σ (a residual on the boundary counts as inside).</param>
/// <param name="WithinTwoSigma">Share of stars with |r| &lt;= 2σ.</param>
/// <param name="MeanNegativeLogLikelihood">
/// Mean Gaussian negative log-likelihood, ½ ln(2π) + ln σ + r² / (2σ²) per star (natural log, σ and r in the target's unit:
/// Msun or Gyr, so the two targets' values are not comparable with each other). Lower is better; it rewards sigmas that are
/// both small and honest.
/// </param>
/// <param name="MeanSigma">Mean σ.</param>
/// <param name="MedianSigma">Median σ (the mean of the two middle values for an even count).</param>
public sealed record UncertaintyMetrics(
    long Count,
    double WithinOneSigma,
    double WithinTwoSigma,
    double MeanNegativeLogLikelihood,
    double MeanSigma,
    double MedianSigma);
