using SPFusion.Transforms;
namespace SPFusion.ML.Persistence;

/// <summary>How an SPFusion ONNX graph is wired into an ML.NET pipeline: input columns, output columns, device.</summary>
public sealed record SPFusionModelOptions
{
    /// <summary>Prepared spectrum column (vector of 3,584 floats). Default <c>Spectrum</c>.</summary>
    public string SpectrumColumn { get; init; } = SPFusionColumns.Spectrum;

    /// <summary>Prepared photometry column (vector of 3 x 128 x 128 floats, bands g, r, i). Default <c>Photometry</c>.</summary>
    public string PhotometryColumn { get; init; } = SPFusionColumns.Photometry;

    /// <summary>Which target becomes ML.NET's <c>Score</c>. Default mass.</summary>
    public ScoreTarget Score { get; init; } = ScoreTarget.Mass;

    /// <summary>Also output <c>ChannelAttention</c> (the SE weights, 96 floats). Default false.</summary>
    public bool IncludeChannelAttention { get; init; }

    /// <summary>Also output <c>FusionAttention</c> (the fusion block's attention map, heads x 96 x 96). Default false.</summary>
    public bool IncludeFusionAttention { get; init; }

    /// <summary>GPU for ONNX Runtime; null runs on the CPU (the default, and the only choice in the CPU build).</summary>
    public int? GpuDeviceId { get; init; }

    /// <summary>Fall back to the CPU when the GPU cannot be used. Default false (as in ML.NET).</summary>
    public bool FallbackToCpu { get; init; }
}
