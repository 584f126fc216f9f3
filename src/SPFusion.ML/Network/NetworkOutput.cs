using static TorchSharp.torch;

namespace SPFusion.ML.Network;

/// <summary>
/// What a network returns: the prediction [N,2] (column 0 mass in solar masses, column 1 age in Gyr) and, for
/// SPFusion, the two attention maps the paper visualises. Disposing releases all three tensors.
/// </summary>
/// <param name="Prediction">[N,2]: mass (Msun), age (Gyr).</param>
/// <param name="FusionAttention">The fusion block's channel attention [N,h,96,96] ([N,1,96,96] published); null for the baseline.</param>
/// <param name="ChannelAttention">The head's SE weights [N,96]; null for the baseline.</param>
public sealed record NetworkOutput(Tensor Prediction, Tensor? FusionAttention, Tensor? ChannelAttention) : IDisposable
{
    /// <summary>
    /// [N,2] log-variances of mass and age from the heteroscedastic head (<see cref="NetworkOptions.PredictVariance"/>),
    /// in the units of <see cref="Prediction"/> squared; null without that head.
    /// </summary>
    public Tensor? LogVariance { get; init; }

    /// <inheritdoc/>
    public void Dispose()
    {
        Prediction.Dispose();
        FusionAttention?.Dispose();
        ChannelAttention?.Dispose();
        LogVariance?.Dispose();
    }
}
