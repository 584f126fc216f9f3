namespace SPFusion.ML.Onnx.Export;

/// <summary>Optional facts about where the exported weights came from, written into the model's metadata.</summary>
public sealed record OnnxExportMetadata
{
    /// <summary>How the weights were trained, when they were trained by this package.</summary>
    public OnnxTrainingSummary? Training { get; init; }

    /// <summary>Where the weights were loaded from (e.g. a checkpoint or the published ONNX file), if anywhere.</summary>
    public string? WeightsSource { get; init; }
}

/// <summary>A training run's outcome, so a deployed file says how good its weights were and on how much data.</summary>
/// <param name="Epochs">Epochs run (including those after the best one, when early stopping ended the run).</param>
/// <param name="BestValidationLoss">The validation loss of the kept weights (100·MSE(mass) + MSE(age)).</param>
/// <param name="TrainingSamples">Stars in the training split.</param>
/// <param name="ValidationSamples">Stars in the validation split.</param>
public sealed record OnnxTrainingSummary(int Epochs, double BestValidationLoss, long TrainingSamples, long ValidationSamples);
