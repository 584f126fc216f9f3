namespace SPFusion.ML.Evaluation;

/// <summary>What a <see cref="ComparisonProgress"/> report announces.</summary>
public enum ComparisonStage
{
    /// <summary>A finished run of this model × fold with the same recipe and data was found under the resume folder and is used instead of training.</summary>
    Reused,

    /// <summary>The model starts training on the fold.</summary>
    Training,

    /// <summary>An epoch ended (<see cref="ComparisonProgress.Epoch"/>).</summary>
    Epoch,

    /// <summary>The model × fold run is trained and tested (<see cref="ComparisonProgress.Result"/>).</summary>
    Finished,
}
