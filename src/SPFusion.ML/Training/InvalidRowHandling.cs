namespace SPFusion.ML.Training;

/// <summary>What training does with a row holding NaN or infinite inputs or labels.</summary>
public enum InvalidRowHandling
{
    /// <summary>Fail with an error naming the row (its id column value or index). The default.</summary>
    Fail,

    /// <summary>Leave the row out and list it in <see cref="TrainingHistory.SkippedRows"/>.</summary>
    Skip,
}
