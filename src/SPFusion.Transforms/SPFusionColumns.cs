namespace SPFusion.Transforms;

/// <summary>Default column names shared by the SPFusion transforms, trainer and evaluator (shapes: <see cref="SPFusionShapes"/>).</summary>
public static class SPFusionColumns
{
    /// <summary>Prepared spectrum: 3,584 floats in [0,1].</summary>
    public const string Spectrum = "Spectrum";

    /// <summary>Prepared g, r, i cut-outs: 3 x 128 x 128 floats in [0,1], band-major.</summary>
    public const string Photometry = "Photometry";

    /// <summary>Mass label in solar masses.</summary>
    public const string Mass = "Mass";

    /// <summary>Age label in Gyr.</summary>
    public const string Age = "Age";

    /// <summary>g-band signal-to-noise ratio, used for SNR-binned evaluation.</summary>
    public const string Snr = "Snr";

    /// <summary>Predicted mass (Msun).</summary>
    public const string PredictedMass = "PredictedMass";

    /// <summary>Predicted age (Gyr).</summary>
    public const string PredictedAge = "PredictedAge";

    /// <summary>Standard deviation of the predicted mass (Msun), when the model has an uncertainty.</summary>
    public const string MassSigma = "MassSigma";

    /// <summary>Standard deviation of the predicted age (Gyr), when the model has an uncertainty.</summary>
    public const string AgeSigma = "AgeSigma";

    /// <summary>ML.NET's scalar score column; holds the target chosen by the options (mass by default).</summary>
    public const string Score = "Score";

    /// <summary>SE channel-attention weights, 96 floats (channels 0-31 photometric, 32-63 fused, 64-95 spectral).</summary>
    public const string ChannelAttention = "ChannelAttention";

    /// <summary>Fusion-block attention map: heads x 96 x 96 floats (96 x 96 in the published one-head network).</summary>
    public const string FusionAttention = "FusionAttention";
}
