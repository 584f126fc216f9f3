using SPFusion.Transforms;
namespace SPFusion.ML.Persistence;

/// <summary>Settings of <see cref="SPFusionBatchPredictor"/>: which columns to read and how ONNX Runtime runs.</summary>
public sealed record SPFusionBatchOptions
{
    /// <summary>Prepared spectrum column (vector of 3,584 floats). Default <c>Spectrum</c>.</summary>
    public string SpectrumColumn { get; init; } = SPFusionColumns.Spectrum;

    /// <summary>Prepared photometry column (vector of 3 x 128 x 128 floats); unused by spectrum-only models. Default <c>Photometry</c>.</summary>
    public string PhotometryColumn { get; init; } = SPFusionColumns.Photometry;

    /// <summary>Stars per ONNX Runtime call. Default 32, the batch the throughput goals are stated for.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>
    /// ONNX Runtime intra-op threads. Default: the number of logical processors, set explicitly because ONNX Runtime's own
    /// default (0) measured slower than an explicit count on the shared 2-core build machine (bench/README.md).
    /// </summary>
    public int IntraOpNumThreads { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// Let ONNX Runtime's idle intra-op threads spin between parallel sections instead of sleeping (its own default).
    /// Default true; set false when the caller prepares the next batch on the same cores while one is scored, so the
    /// spinning threads do not take their time (<c>spfusion predict</c> and <c>evaluate</c> do).
    /// </summary>
    public bool AllowSpinning { get; init; } = true;
}
