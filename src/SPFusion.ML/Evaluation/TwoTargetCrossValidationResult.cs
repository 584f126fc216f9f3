namespace SPFusion.ML.Evaluation;

/// <summary>
/// Per-fold metrics of both targets and their mean ± standard deviation over folds. Disposing it disposes the fold
/// models (an SPFusion model's OnnxTransformer keeps its graph in a temporary file until disposed).
/// </summary>
public sealed record TwoTargetCrossValidationResult(IReadOnlyList<TwoTargetFoldResult> Folds) : IDisposable
{
    /// <summary>Disposes every fold's model that is disposable.</summary>
    public void Dispose()
    {
        foreach (var fold in Folds) (fold.Model as IDisposable)?.Dispose();
    }

    /// <summary>Mean ± std over folds of any per-fold metric, e.g. <c>r =&gt; r.Mass.MeanAbsoluteError</c>.</summary>
    public MeanStd Summary(Func<TwoTargetMetrics, double> metric) =>
        MeanStd.Of(Folds.Select(f => metric(f.Metrics)).ToArray());

    /// <summary>Mean ± std of the MAE in each SNR bin, for one target, over the folds where the bin is not empty.</summary>
    public IReadOnlyList<(SnrBinMetrics Bin, MeanStd Mae)> SnrSummary(Func<TwoTargetMetrics, TargetMetrics> target)
    {
        var first = target(Folds[0].Metrics).BySnr;
        var result = new List<(SnrBinMetrics, MeanStd)>();
        for (int b = 0; b < first.Count; b++)
        {
            var values = Folds.Select(f => target(f.Metrics).BySnr[b]).Where(x => x.Count > 0).Select(x => x.MeanAbsoluteError).ToArray();
            long count = Folds.Sum(f => target(f.Metrics).BySnr[b].Count);
            // Fold 1's bin uncertainty is not the folds' summary, so the copy leaves it out.
            result.Add((first[b] with { Count = count, MeanAbsoluteError = values.Length > 0 ? values.Average() : double.NaN, Uncertainty = null },
                values.Length > 0 ? MeanStd.Of(values) : new MeanStd(double.NaN, double.NaN)));
        }
        return result;
    }
}
