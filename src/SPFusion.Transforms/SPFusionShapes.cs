namespace SPFusion.Transforms;

/// <summary>
/// The shapes of SPFusion's inputs and of its fused features: the one home for these numbers in every package
/// (transforms, network, ONNX export and import, trainer, batch predictor).
/// </summary>
public static class SPFusionShapes
{
    /// <summary>Samples of a prepared spectrum (cropped to 4000-9000 Å on LAMOST's grid, min-max scaled, centre-padded).</summary>
    public const int SpectrumLength = 3584;

    /// <summary>Photometric bands (SDSS g, r, i, in that order).</summary>
    public const int Bands = 3;

    /// <summary>Side of a photometric cut-out in pixels.</summary>
    public const int ImageSize = 128;

    /// <summary>Photometric values per star: <see cref="Bands"/> x <see cref="ImageSize"/> x <see cref="ImageSize"/>, band-major.</summary>
    public const int PhotometryLength = Bands * ImageSize * ImageSize;

    /// <summary>Channels of each branch's feature map (spectral, photometric, star-fused).</summary>
    public const int BranchChannels = 32;

    /// <summary>Channels after fusion: photometric, fused and spectral branches side by side (3 x 32).</summary>
    public const int FusedChannels = 3 * BranchChannels;

    /// <summary>Positions along each feature map (the spectral extractor's output length).</summary>
    public const int Positions = 28;
}
