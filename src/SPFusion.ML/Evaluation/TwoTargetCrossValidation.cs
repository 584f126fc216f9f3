using Microsoft.ML;

namespace SPFusion.ML.Evaluation;

/// <summary>One fold of a two-target cross-validation.</summary>
/// <param name="Fold">1-based fold number.</param>
/// <param name="Metrics">Metrics on the fold's test split.</param>
/// <param name="Model">The model trained on the fold's training split.</param>
/// <param name="TrainCount">Rows in the training split.</param>
/// <param name="TestCount">Rows in the test split.</param>
/// <param name="ScoredTestSet">The fold's test split scored by <paramref name="Model"/> (lazy: enumerating it runs the model again).</param>
public sealed record TwoTargetFoldResult(int Fold, TwoTargetMetrics Metrics, ITransformer Model, long TrainCount, long TestCount, IDataView ScoredTestSet);

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
            result.Add((first[b] with { Count = count, MeanAbsoluteError = values.Length > 0 ? values.Average() : double.NaN },
                values.Length > 0 ? MeanStd.Of(values) : new MeanStd(double.NaN, double.NaN)));
        }
        return result;
    }
}

/// <summary>
/// Cross-validation of both targets on ML.NET's own fold splitting (<see cref="DataOperationsCatalog.CrossValidationSplit"/>):
/// the same folds <c>mlContext.Regression.CrossValidate</c> would use for the same seed.
/// </summary>
public static class TwoTargetCrossValidation
{
    /// <summary>Fits <paramref name="pipeline"/> on each fold's training split and evaluates both targets on its test split.</summary>
    /// <param name="mlContext">The context whose seed and fold splitting are used.</param>
    /// <param name="data">All rows.</param>
    /// <param name="pipeline">A pipeline producing <c>PredictedMass</c> and <c>PredictedAge</c> (e.g. ending in SPFusion).</param>
    /// <param name="numberOfFolds">Number of folds (the paper uses 3).</param>
    /// <param name="columns">Evaluator columns; defaults to the SPFusion names.</param>
    /// <param name="samplingKeyColumnName">Optional column keeping related rows in one fold (as in ML.NET).</param>
    /// <param name="seed">Fold seed; null uses the context's.</param>
    /// <param name="onFold">Called after each fold, e.g. for progress.</param>
    public static TwoTargetCrossValidationResult Run(
        MLContext mlContext,
        IDataView data,
        IEstimator<ITransformer> pipeline,
        int numberOfFolds = 3,
        TwoTargetEvaluator.Columns? columns = null,
        string? samplingKeyColumnName = null,
        int? seed = null,
        Action<TwoTargetFoldResult>? onFold = null)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentOutOfRangeException.ThrowIfLessThan(numberOfFolds, 2);
        var splits = mlContext.Data.CrossValidationSplit(data, numberOfFolds, samplingKeyColumnName, seed);
        var folds = new List<TwoTargetFoldResult>();
        for (int i = 0; i < splits.Count; i++)
        {
            var model = pipeline.Fit(splits[i].TrainSet);
            var scored = model.Transform(splits[i].TestSet);
            var metrics = TwoTargetEvaluator.Evaluate(scored, columns);
            var fold = new TwoTargetFoldResult(i + 1, metrics, model, Count(splits[i].TrainSet), metrics.Mass.Count, scored);
            folds.Add(fold);
            onFold?.Invoke(fold);
        }
        return new TwoTargetCrossValidationResult(folds);
    }

    private static long Count(IDataView view)
    {
        if (view.GetRowCount() is long n) return n;
        long count = 0;
        using var cursor = view.GetRowCursor([]);
        while (cursor.MoveNext()) count++;
        return count;
    }
}
