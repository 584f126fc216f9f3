using SPFusion.ML.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SPFusion.ML.Network;

/// <summary>
/// LayerNorm over the channel axis of an [N, C, L] tensor (each position normalised over its C values, biased
/// variance, eps 1e-6), as the release's ConvNeXt and transformer blocks use it. Computed in the same order as the
/// published graph (mean, centred square mean, divide, scale, shift) so parity with ONNX Runtime is tight.
/// </summary>
internal sealed class ChannelLayerNorm : nn.Module<Tensor, Tensor>
{
    /// <summary>The epsilon of the release.</summary>
    public const double DefaultEpsilon = 1e-6;

#pragma warning disable IDE1006 // parameter names mirror PyTorch
    internal readonly Parameter weight;
    internal readonly Parameter bias;
#pragma warning restore IDE1006

    /// <summary>Creates the norm with weight 1 and bias 0 (PyTorch's initialisation).</summary>
    public ChannelLayerNorm(long channels, double epsilon = DefaultEpsilon) : base(nameof(ChannelLayerNorm))
    {
        if (channels < 1) throw new ArgumentOutOfRangeException(nameof(channels), channels, "channels must be at least 1");
        Channels = channels;
        Epsilon = epsilon;
        weight = new Parameter(ones(channels));
        bias = new Parameter(zeros(channels));
        RegisterComponents();
    }

    /// <summary>Normalised channels C.</summary>
    public long Channels { get; }

    /// <summary>Added to the variance before the square root.</summary>
    public double Epsilon { get; }

    /// <summary>Per-channel scale [C].</summary>
    public Parameter Weight => weight;

    /// <summary>Per-channel shift [C].</summary>
    public Parameter Bias => bias;

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var mean = input.mean([1], keepdim: true);
        var centred = input - mean;
        var variance = centred.Squared().mean([1], keepdim: true);
        var normalised = centred / variance.Plus(Epsilon).sqrt();
        var result = (weight.unsqueeze(-1) * normalised).Plus(bias.unsqueeze(-1));
        return result.MoveToOuterDisposeScope();
    }
}
