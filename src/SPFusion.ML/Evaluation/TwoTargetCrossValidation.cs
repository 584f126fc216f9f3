using Microsoft.ML;

namespace SPFusion.ML.Evaluation;

/// <summary>
/// Cross-validation of both targets on ML.NET's own fold splitting (<see cref="DataOperationsCatalog.CrossValidationSplit"/>):
/// the same folds <c>mlContext.Regression.CrossValidate</c> would use for the same seed.
/// </summary>
internal static class TwoTargetCrossValidation
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
        TwoTargetColumns? columns = null,
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
