namespace SPFusion.ML.Onnx.Export;

/// <summary>
/// The preparation the network's inputs must follow (ARCHITECTURE.md, data preparation). Written into every exported
/// file because a model fed differently prepared data gives silently wrong answers.
/// </summary>
internal static class OnnxInputConventions
{
    /// <summary>Spectrum input conventions.</summary>
    public const string Spectrum =
        "float32 [N,1,3584]: LAMOST low-resolution flux-calibrated spectrum on its log-linear wavelength grid (log10 step 1e-4), " +
        "cropped to 4000-9000 Angstrom (about 3522 pixels, n), min-max normalised to [0,1] with the spectrum's own minimum and maximum, " +
        "then zero-padded to 3584 samples with floor((3584-n)/2) zeros on the left and the rest on the right";

    /// <summary>Photometric input conventions.</summary>
    public const string Photometric =
        "float32 [N,3,128,128]: SDSS g, r, i frames (in that band order), r and i reprojected onto the g frame's pixel grid, " +
        "a 128x128-pixel cut-out centred on the star, each band min-max normalised to [0,1] on its own";

    /// <summary>Output conventions of the SPFusion graph.</summary>
    public const string SPFusionOutputs =
        "prediction [N,2]: column 0 mass (solar masses), column 1 age (Gyr); fusion_attention [N,h,96,96]: the fusion block's " +
        "channel-attention weights (channels 0-31 photometric, 32-63 fused, 64-95 spectral); channel_attention [N,96]: the head's SE weights";

    /// <summary>Added to <see cref="SPFusionOutputs"/> for a network with the heteroscedastic head.</summary>
    public const string PredictedSigmaOutputs =
        "; predicted_sigma [N,2] and prediction_sigma [N,2] (the total, here equal): the heteroscedastic head's standard deviation " +
        "of mass (solar masses) and age (Gyr), exp(s/2) of its predicted log-variance s";

    /// <summary>Output conventions of the spectrum-only baseline graphs.</summary>
    public const string BaselineOutputs =
        "prediction [N,2]: column 0 mass (solar masses), column 1 age (Gyr); the baseline graph has only the spectrum input";

    /// <summary>Output conventions of the image-only baseline graph (ResNet10-T).</summary>
    public const string ImageBaselineOutputs =
        "prediction [N,2]: column 0 mass (solar masses), column 1 age (Gyr); the image-only graph has only the photometric input";
}
