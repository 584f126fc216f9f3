using Microsoft.ML;
using SPFusion.ML.Evaluation;

namespace SPFusion.ML.MLNet;

/// <summary>
/// <c>mlContext.Regression.EvaluateTwoTargets(...)</c> and <c>mlContext.Regression.CrossValidateTwoTargets(...)</c>: mass and
/// age evaluated together. ML.NET's regression evaluator scores only the scalar <c>Score</c> column.
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
}
