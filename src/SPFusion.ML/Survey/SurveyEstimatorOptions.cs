using SPFusion.Transforms.Images;
using SPFusion.Transforms.Spectra;

namespace SPFusion.ML.Survey;

/// <summary>How <see cref="SurveyEstimator"/> runs a catalogue. Every default is the one the CLI's <c>predict --catalog</c> uses.</summary>
public sealed record SurveyEstimatorOptions
{
    /// <summary>
    /// A spectrum-only model (ONNX file or model zip, e.g. <c>spfusion train --model convnext1d</c>) that estimates stars whose
    /// spectrum is usable but whose frames are not (status <c>spectrum_only</c>, <c>bad_frame</c>, or a missing frame file).
    /// Default none: such stars keep their status and get no estimate.
    /// </summary>
    public string? FallbackModelPath { get; init; }

    /// <summary>
    /// Stop at the first row that is neither <c>ok</c> nor estimated by the fallback model, with that row's message (the
    /// CLI's <c>--on-error fail</c>). Default false: every row is recorded with its status and the run goes on.
    /// </summary>
    public bool StopAtFirstProblem { get; init; }

    /// <summary>Stars per ONNX Runtime call. Default 32.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>
    /// Catalogue rows per chunk, the unit of preparation, inference and commit (and of resumption). Default 256: two
    /// chunks in flight hold about 110 MB of prepared inputs.
    /// </summary>
    public int ChunkSize { get; init; } = 256;

    /// <summary>Threads preparing spectra and cut-outs while the previous chunk is scored. Default: the number of cores.</summary>
    public int PreparationThreads { get; init; } = Environment.ProcessorCount;

    /// <summary>ONNX Runtime intra-op threads. Default: the number of cores.</summary>
    public int IntraOpNumThreads { get; init; } = Environment.ProcessorCount;

    /// <summary>Memory for fully decoded frames shared by many stars. Default 512 MiB (about 40 SDSS frames).</summary>
    public long FrameCacheBytes { get; init; } = 512L << 20;

    /// <summary>How frames are decoded. Default <see cref="SurveyFrameDecoding.Auto"/>: whole when shared, in part when not.</summary>
    public SurveyFrameDecoding FrameDecoding { get; init; } = SurveyFrameDecoding.Auto;

    /// <summary>
    /// With <see cref="SurveyFrameDecoding.Auto"/>, frames shared by at least this many of the run's stars are decoded whole
    /// and cached. Default 8: a window around that many stars covers most of a frame anyway.
    /// </summary>
    public int WholeFrameMinStars { get; init; } = 8;

    /// <summary>Spectrum preparation; default the published one (the models were trained on it).</summary>
    public SpectrumPreparationOptions? SpectrumOptions { get; init; }

    /// <summary>Cut-out options; default 128 pixels with edge stars refused (they become <c>spectrum_only</c>).</summary>
    public StarCutoutOptions? CutoutOptions { get; init; }

    /// <summary>Which part of the catalogue this process estimates (see <see cref="SurveyShard"/>). Default all of it.</summary>
    public SurveyShard Shard { get; init; } = SurveyShard.All;
}
