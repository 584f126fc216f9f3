namespace SPFusion.ML.Training;

/// <summary>A row left out of training.</summary>
/// <param name="Row">0-based row index in its data view (the training data, or the validation set when <see cref="InValidationData"/>).</param>
/// <param name="Id">Value of the id column (e.g. obsid), when there is one.</param>
/// <param name="Reason">Which column held what.</param>
public sealed record SkippedRow(long Row, string? Id, string Reason)
{
    /// <summary>True when the row came from <see cref="SPFusionTrainer.Options.ValidationData"/>: row indices restart there.</summary>
    public bool InValidationData { get; init; }
}
