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
