namespace SPFusion.ML.Evaluation;

/// <summary>Streams (residual, sigma) pairs into <see cref="UncertaintyMetrics"/>; keeps the sigmas for the median.</summary>
internal sealed class UncertaintyAccumulator
{
    private readonly List<float> _sigmas = [];
    private long _within1, _within2;
    private double _sumNll, _sumSigma;

    /// <summary>Adds one star; <paramref name="sigma"/> must be finite and &gt; 0 (the evaluator checks and names the row).</summary>
    public void Add(double residual, float sigma)
    {
        double ratio = Math.Abs(residual) / sigma;
        if (ratio <= 1) _within1++;
        if (ratio <= 2) _within2++;
        _sumNll += GaussianCoverage.NegativeLogLikelihood(residual, sigma);
        _sumSigma += sigma;
        _sigmas.Add(sigma);
    }

    public UncertaintyMetrics ToMetrics()
    {
        long n = _sigmas.Count;
        if (n == 0) return new UncertaintyMetrics(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        return new UncertaintyMetrics(n, (double)_within1 / n, (double)_within2 / n, _sumNll / n, _sumSigma / n, GaussianCoverage.Median(_sigmas));
    }
}
