namespace SPFusion.ML.Onnx.Export;

/// <summary>The values a network body produces.</summary>
/// <param name="Prediction">[N,2]: mass and age.</param>
internal sealed record NetworkGraphOutputs(string Prediction)
{
    /// <summary>SPFusion's fusion-block attention map [N,h,96,96] (before drop-path); null for the comparison networks.</summary>
    public string? FusionAttention { get; init; }

    /// <summary>SPFusion's SE channel weights [N,96]; null for the comparison networks.</summary>
    public string? ChannelAttention { get; init; }

    /// <summary>[N,2]: the standard deviation a heteroscedastic head predicts; null for a head without one.</summary>
    public string? PredictedSigma { get; init; }
}
