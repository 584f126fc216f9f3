namespace SPFusion.ML.Evaluation;

/// <summary>
/// What a calibrated Gaussian sigma promises: the share of residuals inside central intervals of a given width, and the
/// negative log-likelihood of a residual. The evaluator, the calibration factor and the calibration curve share it.
/// </summary>
internal static class GaussianCoverage
{
    /// <summary>P(|z| &lt;= 1) for a standard normal z: 68.27%.</summary>
    public const double OneSigma = 0.6826894921370859;

    /// <summary>P(|z| &lt;= 2) for a standard normal z: 95.45%.</summary>
    public const double TwoSigma = 0.9544997361036416;

    /// <summary>
    /// The calibration curve's ten central intervals: nominal coverage p and half-width z = Φ⁻¹((1 + p) / 2) in sigmas.
    /// Fixed values (printed by Python's statistics.NormalDist().inv_cdf) because .NET has no inverse normal CDF.
    /// </summary>
    public static readonly (double Nominal, double HalfWidth)[] CurveLevels =
    [
        (0.10, 0.12566134685507413),
        (0.20, 0.2533471031357998),
        (0.30, 0.3853204664075676),
        (0.40, 0.5244005127080407),
        (0.50, 0.6744897501960817),
        (0.60, 0.8416212335729144),
        (0.70, 1.0364333894937894),
        (0.80, 1.2815515655446008),
        (0.90, 1.6448536269514715),
        (0.95, 1.9599639845400536),
    ];

    private static readonly double HalfLogTwoPi = 0.5 * Math.Log(2 * Math.PI);

    /// <summary>-ln N(r; 0, σ²) = ½ ln(2π) + ln σ + r² / (2σ²) (natural log; σ &gt; 0).</summary>
    public static double NegativeLogLikelihood(double residual, double sigma) =>
        HalfLogTwoPi + Math.Log(sigma) + residual * residual / (2 * sigma * sigma);

    /// <summary>Share of <paramref name="ratios"/> (|residual| / σ) at most <paramref name="halfWidth"/>: a boundary residual counts as inside.</summary>
    public static double Fraction(IReadOnlyCollection<double> ratios, double halfWidth)
    {
        if (ratios.Count == 0) return double.NaN;
        long inside = 0;
        foreach (double r in ratios) if (r <= halfWidth) inside++;
        return (double)inside / ratios.Count;
    }

    /// <summary>The calibration curve: for each of <see cref="CurveLevels"/>, the nominal and the observed coverage.</summary>
    public static IReadOnlyList<(double Expected, double Observed)> Curve(IReadOnlyCollection<double> ratios) =>
        CurveLevels.Select(l => (l.Nominal, Fraction(ratios, l.HalfWidth))).ToArray();

    /// <summary>Median (mean of the two middle values for an even count); NaN when empty.</summary>
    public static double Median(List<float> values)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.ToArray();
        Array.Sort(sorted);
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : 0.5 * ((double)sorted[mid - 1] + sorted[mid]);
    }
}
