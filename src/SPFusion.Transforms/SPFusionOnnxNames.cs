namespace SPFusion.Transforms;

/// <summary>
/// Input and output names of an SPFusion ONNX graph (the authors' published file and this package's exports): the
/// exported file's public contract, for callers running the graph with ONNX Runtime directly.
/// </summary>
public static class SPFusionOnnxNames
{
    /// <summary>Input: photometric cut-outs, float32 [N,3,128,128], bands g, r, i (SPFusion graphs only).</summary>
    public const string PhotometricInput = "photometric";

    /// <summary>Input: prepared spectrum, float32 [N,1,3584].</summary>
    public const string SpectrumInput = "spectrum";

    /// <summary>Output: [N,2], column 0 mass (Msun), column 1 age (Gyr).</summary>
    public const string PredictionOutput = "prediction";

    /// <summary>
    /// Output of a model with an uncertainty: [N,2], the total standard deviation of mass (Msun) and age (Gyr), the parts
    /// below combined in quadrature and multiplied by the model's calibration factors.
    /// </summary>
    public const string SigmaOutput = "prediction_sigma";

    /// <summary>Output (part of <see cref="SigmaOutput"/>): [N,2], the spread of an ensemble's members.</summary>
    public const string EnsembleSigmaOutput = "ensemble_sigma";

    /// <summary>Output (part of <see cref="SigmaOutput"/>): [N,2], the spread of Monte Carlo dropout passes.</summary>
    public const string DropoutSigmaOutput = "dropout_sigma";

    /// <summary>Output (part of <see cref="SigmaOutput"/>): [N,2], the standard deviation a heteroscedastic head predicts.</summary>
    public const string PredictedSigmaOutput = "predicted_sigma";

    /// <summary>Output: the fusion block's channel-attention map [N,h,96,96] (SPFusion graphs only).</summary>
    public const string FusionAttentionOutput = "fusion_attention";

    /// <summary>Output: the head's SE channel weights [N,96] (SPFusion graphs only).</summary>
    public const string ChannelAttentionOutput = "channel_attention";
}
