namespace SPFusion.ML.Evaluation;

/// <summary>One model × fold run of a comparison: the model trained on the fold's training rows, tested on its test rows.</summary>
/// <param name="Fold">1-based fold number.</param>
/// <param name="Metrics">Both targets' metrics on the test rows (as <c>mlContext.Regression.EvaluateTwoTargets</c> gives them).</param>
/// <param name="Stars">Every test star's labels, predictions and SNR.</param>
/// <param name="TrainCount">Rows the model trained on (without the held-out validation rows).</param>
/// <param name="BestEpoch">The epoch whose weights were kept.</param>
/// <param name="TrainingTime">Time the run took to train and test (when it ran; a reused run keeps its original time).</param>
public sealed record ComparisonFoldResult(int Fold, TwoTargetMetrics Metrics, ComparisonTestStars Stars, long TrainCount, int BestEpoch, TimeSpan TrainingTime);
