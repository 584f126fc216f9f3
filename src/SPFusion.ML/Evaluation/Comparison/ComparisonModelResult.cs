namespace SPFusion.ML.Evaluation;

/// <summary>Every fold of one configuration of a comparison, and the summaries its table row and figures show.</summary>
/// <param name="Model">The configuration.</param>
/// <param name="ParameterCount">Trainable parameters of its network.</param>
/// <param name="Folds">One result per fold, in fold order.</param>
public sealed record ComparisonModelResult(ComparisonModel Model, long ParameterCount, IReadOnlyList<ComparisonFoldResult> Folds)
{
    /// <summary>Mean ± std over folds of the MAE of mass (Msun).</summary>
    public MeanStd MaeMass => MeanStd.Of(Folds.Select(f => f.Metrics.Mass.MeanAbsoluteError).ToArray());

    /// <summary>Mean ± std over folds of the MAE of age (Gyr).</summary>
    public MeanStd MaeAge => MeanStd.Of(Folds.Select(f => f.Metrics.Age.MeanAbsoluteError).ToArray());

    /// <summary>
    /// MAE per g-band SNR bin of one target (e.g. <c>m =&gt; m.Age</c>): the mean over the folds where the bin holds
    /// stars, with the bin's star count over all folds; bins empty in every fold are left out (the paper's Figures 5-8).
    /// </summary>
    /// <param name="target">Selects the target's metrics.</param>
    public IReadOnlyList<(SnrBinMetrics Bin, double Mae)> MaeBySnr(Func<TwoTargetMetrics, TargetMetrics> target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var first = target(Folds[0].Metrics).BySnr;
        var result = new List<(SnrBinMetrics, double)>();
        for (int b = 0; b < first.Count; b++)
        {
            var filled = Folds.Select(f => target(f.Metrics).BySnr[b]).Where(x => x.Count > 0).ToList();
            if (filled.Count == 0) continue;
            result.Add((first[b] with { Count = filled.Sum(x => x.Count) }, filled.Average(x => x.MeanAbsoluteError)));
        }
        return result;
    }
}
