namespace SPFusion.ML.Evaluation;

/// <summary>Mean and sample standard deviation of a metric over cross-validation folds.</summary>
/// <param name="Mean">Mean over folds.</param>
/// <param name="StdDev">Sample standard deviation over folds (n - 1); 0 for a single fold.</param>
public readonly record struct MeanStd(double Mean, double StdDev)
{
    /// <summary>Summarises <paramref name="values"/>.</summary>
    public static MeanStd Of(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0) throw new ArgumentException("no values", nameof(values));
        double mean = values.Average();
        double ss = values.Sum(v => (v - mean) * (v - mean));
        return new MeanStd(mean, values.Count > 1 ? Math.Sqrt(ss / (values.Count - 1)) : 0);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Mean:0.0000} ± {StdDev:0.0000}";
}
