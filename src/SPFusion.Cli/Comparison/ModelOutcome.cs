using SPFusion.ML.Evaluation;

namespace SPFusion.Cli.Comparison;

/// <summary>Every fold of one configuration, and the summaries the tables and figures show.</summary>
internal sealed record ModelOutcome(ComparisonEntry Entry, long Parameters, IReadOnlyList<FoldOutcome> Folds)
{
    /// <summary>Mean ± std over folds of the MAE of mass (Msun).</summary>
    public MeanStd MaeMass => MeanStd.Of(Folds.Select(f => f.Metrics.Mass.MeanAbsoluteError).ToArray());

    /// <summary>Mean ± std over folds of the MAE of age (Gyr).</summary>
    public MeanStd MaeAge => MeanStd.Of(Folds.Select(f => f.Metrics.Age.MeanAbsoluteError).ToArray());

    /// <summary>
    /// MAE per g-band SNR bin of one target, the mean over the folds where the bin holds stars (as the quick start's
    /// <c>SnrSummary</c>); empty bins are left out.
    /// </summary>
    public IReadOnlyList<(SnrBinMetrics Bin, double Mae)> BySnr(Func<TwoTargetMetrics, TargetMetrics> target)
    {
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
