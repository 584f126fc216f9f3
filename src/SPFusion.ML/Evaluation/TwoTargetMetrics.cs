namespace SPFusion.ML.Evaluation;

/// <summary>Metrics for both SPFusion targets on one scored data set.</summary>
/// <param name="Mass">Mass metrics (Msun).</param>
/// <param name="Age">Age metrics (Gyr).</param>
public sealed record TwoTargetMetrics(TargetMetrics Mass, TargetMetrics Age);
