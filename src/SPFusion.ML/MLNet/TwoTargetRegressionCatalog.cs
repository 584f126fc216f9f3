using Microsoft.ML;
using SPFusion.ML.Evaluation;

namespace SPFusion.ML.MLNet;

/// <summary>
/// <c>mlContext.Regression.EvaluateTwoTargets(...)</c>, <c>mlContext.Regression.CrossValidateTwoTargets(...)</c> and
/// <c>mlContext.Regression.CompareTwoTargets(...)</c>: mass and age evaluated together. ML.NET's regression evaluator
/// scores only the scalar <c>Score</c> column.
/// </summary>
public static class TwoTargetRegressionCatalog
{
    /// <summary>
    /// MAE, MSE/RMSE, R², residual mean and standard deviation of both targets, and the MAE per g-band SNR bin, over a
    /// scored data view in one streaming pass; with sigma columns (<c>MassSigma</c>, <c>AgeSigma</c>) also their
    /// calibration (<see cref="TargetMetrics.Uncertainty"/>).
    /// </summary>
    /// <param name="catalog">The regression catalog.</param>
    /// <param name="data">Scored rows with the label and prediction columns.</param>
    /// <param name="columns">Column names; null: the SPFusion names.</param>
    /// <exception cref="ArgumentException">A column is missing or not a float scalar.</exception>
    /// <exception cref="InvalidDataException">A label, prediction or SNR is not finite, an SNR is negative, or a sigma is not a finite number &gt; 0; the message names the row.</exception>
    public static TwoTargetMetrics EvaluateTwoTargets(this RegressionCatalog catalog, IDataView data, TwoTargetColumns? columns = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(data);
        return TwoTargetEvaluator.Evaluate(data, columns);
    }

    /// <summary>
    /// Fits <paramref name="estimator"/> on each fold's training split and evaluates both targets on its test split, on
    /// the folds <c>mlContext.Regression.CrossValidate</c> would use for the same seed. The context is an argument because
    /// ML.NET's catalogs do not expose theirs to third-party code (<c>CatalogUtils</c> is internal) and the split needs it.
    /// </summary>
    /// <param name="catalog">The regression catalog (of <paramref name="mlContext"/>).</param>
    /// <param name="mlContext">The context whose seed and fold splitting are used.</param>
    /// <param name="data">All rows.</param>
    /// <param name="estimator">A pipeline producing <c>PredictedMass</c> and <c>PredictedAge</c> (e.g. ending in SPFusion).</param>
    /// <param name="numberOfFolds">Number of folds (the paper uses 3).</param>
    /// <param name="columns">Evaluator columns; null: the SPFusion names.</param>
    /// <param name="samplingKeyColumnName">Optional column keeping related rows in one fold (as in ML.NET).</param>
    /// <param name="seed">Fold seed; null uses the context's.</param>
    /// <param name="onFold">Called after each fold, e.g. for progress.</param>
    public static TwoTargetCrossValidationResult CrossValidateTwoTargets(this RegressionCatalog catalog, MLContext mlContext, IDataView data,
        IEstimator<ITransformer> estimator, int numberOfFolds = 3, TwoTargetColumns? columns = null, string? samplingKeyColumnName = null,
        int? seed = null, Action<TwoTargetFoldResult>? onFold = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(estimator);
        return TwoTargetCrossValidation.Run(mlContext, data, estimator, numberOfFolds, columns, samplingKeyColumnName, seed, onFold);
    }

    /// <summary>
    /// The paper's comparison (Table 2) or an ablation (Tables 3-7): trains every model on every fold's training rows
    /// (early stopping on its validation rows) and tests it on the fold's test rows, model by model, and returns per
    /// model the per-fold metrics of both targets, their mean ± std, every test star's labels, predictions and SNR,
    /// and the table (<see cref="ComparisonResult.ToMarkdown"/>). The trained models are not kept (disposed after
    /// testing); give a <paramref name="resumeDirectory"/> to keep their weights.
    /// </summary>
    /// <param name="catalog">The regression catalog (of <paramref name="mlContext"/>).</param>
    /// <param name="mlContext">The context every model trains in (ML.NET does not expose a catalog's context).</param>
    /// <param name="models">The configurations, each with a unique <see cref="ComparisonModel.Name"/> (e.g. <see cref="ComparisonModel.For"/>, <see cref="SPFusionAblations.Models"/>).</param>
    /// <param name="folds">The folds every model is trained and tested on: prepared ones, or ML.NET's split of one data view (<see cref="ComparisonFold.CrossValidationSplit"/>).</param>
    /// <param name="resumeDirectory">
    /// Null: nothing is written. Otherwise each finished model × fold is written to <c>runs/NAME-foldK.json</c> in this
    /// folder (atomically; its metrics, test stars and a fingerprint of the model's name, recipe and the fold's
    /// <see cref="ComparisonFold.DataIdentity"/>) and its kept weights to <c>weights/NAME-foldK.bin</c>; a later call
    /// reuses every result file whose fingerprint matches instead of training again (<see cref="ComparisonStage.Reused"/>),
    /// so an interrupted comparison continues where it stopped and a changed recipe or fold trains that model again.
    /// </param>
    /// <param name="progress">Receives, synchronously on the training thread, model k of n, the fold, each epoch and the estimated time left.</param>
    /// <param name="cancellationToken">Cancels the comparison within one batch; finished runs stay in <paramref name="resumeDirectory"/>.</param>
    /// <exception cref="ArgumentException">No models or folds, a model name that is not a file-name word or is given twice, or a recipe that does not validate (the message names the model).</exception>
    /// <exception cref="InvalidDataException">A result file in <paramref name="resumeDirectory"/> is not one.</exception>
    public static ComparisonResult CompareTwoTargets(this RegressionCatalog catalog, MLContext mlContext, IReadOnlyList<ComparisonModel> models,
        IReadOnlyList<ComparisonFold> folds, string? resumeDirectory = null, IProgress<ComparisonProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return ComparisonRunner.Run(mlContext, models, folds, resumeDirectory, progress, cancellationToken);
    }
}
