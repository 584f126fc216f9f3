using SPFusion.ML.Training;

namespace SPFusion.ML.Evaluation;

/// <summary>A progress report of <c>mlContext.Regression.CompareTwoTargets</c>: model k of n, fold, and what happened.</summary>
/// <param name="Stage">What the report announces.</param>
/// <param name="ModelNumber">1-based position of the model in the comparison.</param>
/// <param name="ModelCount">Number of models.</param>
/// <param name="Model">The model.</param>
/// <param name="ParameterCount">Its trainable parameters.</param>
/// <param name="Fold">1-based fold.</param>
/// <param name="FoldCount">Number of folds.</param>
public sealed record ComparisonProgress(ComparisonStage Stage, int ModelNumber, int ModelCount, ComparisonModel Model, long ParameterCount, int Fold, int FoldCount)
{
    /// <summary>The epoch's report (<see cref="ComparisonStage.Epoch"/> only); its <c>EstimatedRemaining</c> is the fold's time left.</summary>
    public EpochReport? Epoch { get; init; }

    /// <summary>
    /// Estimated time left for the whole comparison (<see cref="ComparisonStage.Epoch"/> only): the fold's time left plus
    /// the mean time of the runs trained so far for each run still to come. Null until one run has been trained.
    /// </summary>
    public TimeSpan? EstimatedRemaining { get; init; }

    /// <summary>The run's result (<see cref="ComparisonStage.Reused"/> and <see cref="ComparisonStage.Finished"/>).</summary>
    public ComparisonFoldResult? Result { get; init; }

    /// <summary>The run's result file under the resume folder (reused or written); null without a resume folder.</summary>
    public string? ResultPath { get; init; }
}
