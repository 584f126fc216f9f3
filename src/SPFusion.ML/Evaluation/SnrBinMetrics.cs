namespace SPFusion.ML.Evaluation;

/// <summary>MAE of one target over the stars whose g-band SNR falls in [<see cref="Lower"/>, <see cref="Upper"/>).</summary>
/// <param name="Lower">Inclusive lower SNR bound.</param>
/// <param name="Upper">Exclusive upper bound; null for the open last bin (SNR &gt;= 100).</param>
/// <param name="Count">Stars in the bin.</param>
/// <param name="MeanAbsoluteError">MAE in the bin; NaN when the bin is empty.</param>
public sealed record SnrBinMetrics(double Lower, double? Upper, long Count, double MeanAbsoluteError)
{
    /// <summary>The bin's <see cref="TargetMetrics.Uncertainty"/> (NaN values when the bin is empty); null without a sigma column.</summary>
    public UncertaintyMetrics? Uncertainty { get; init; }

    /// <summary>Label such as "10-20" or "&gt;=100".</summary>
    public string Label => Upper is { } u ? $"{Lower:0}-{u:0}" : $">={Lower:0}";
}
