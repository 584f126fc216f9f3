namespace SPFusion.ML.Onnx.Export;

/// <summary>Optional facts about where the exported weights came from, written into the model's metadata.</summary>
public sealed record OnnxExportMetadata
{
    /// <summary>How the weights were trained, when they were trained by this package.</summary>
    public OnnxTrainingSummary? Training { get; init; }

    /// <summary>Where the weights were loaded from (e.g. a checkpoint or the published ONNX file), if anywhere.</summary>
    public string? WeightsSource { get; init; }
}
