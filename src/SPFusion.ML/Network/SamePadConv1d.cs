using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SPFusion.ML.Network;

/// <summary>
/// A 1-D convolution with PyTorch's "same" padding: (k-1)/2 rounded down on the left, the rest on the right.
/// Written out because even kernels (the ConvNeXt depthwise k = 16 pads 7 left, 8 right) need asymmetric padding,
/// and the exporter needs to see the two pad widths. Parameters are <c>weight</c> [out, in/groups, k] and <c>bias</c> [out],
/// named as PyTorch's <c>Conv1d</c> names them so checkpoints and the published ONNX map one to one.
/// </summary>
internal sealed class SamePadConv1d : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // parameter names mirror PyTorch
    internal readonly Parameter weight;
    internal readonly Parameter? bias;
#pragma warning restore IDE1006

    /// <summary>Creates the layer with PyTorch's default (Kaiming-uniform, a = sqrt 5) initialisation.</summary>
    public SamePadConv1d(long inChannels, long outChannels, long kernelSize, long groups = 1, bool hasBias = true)
        : base(nameof(SamePadConv1d))
    {
        if (kernelSize < 1) throw new ArgumentOutOfRangeException(nameof(kernelSize), kernelSize, "kernel size must be at least 1");
        if (inChannels % groups != 0 || outChannels % groups != 0)
            throw new ArgumentException($"channels {inChannels}->{outChannels} are not divisible by groups {groups}", nameof(groups));
        InChannels = inChannels;
        OutChannels = outChannels;
        KernelSize = kernelSize;
        Groups = groups;
        PadLeft = (kernelSize - 1) / 2;
        PadRight = kernelSize - 1 - PadLeft;
        weight = new Parameter(empty(outChannels, inChannels / groups, kernelSize));
        bias = hasBias ? new Parameter(empty(outChannels)) : null;
        DefaultInitializer.ResetConvOrLinear(weight, bias, generator: null);
        RegisterComponents();
    }

    /// <summary>Input channels.</summary>
    public long InChannels { get; }

    /// <summary>Output channels.</summary>
    public long OutChannels { get; }

    /// <summary>Kernel width.</summary>
    public long KernelSize { get; }

    /// <summary>Convolution groups (equal to the channels for a depthwise convolution).</summary>
    public long Groups { get; }

    /// <summary>Zeros added before the first sample.</summary>
    public long PadLeft { get; }

    /// <summary>Zeros added after the last sample.</summary>
    public long PadRight { get; }

    /// <summary>The kernel [out, in/groups, k].</summary>
    public Parameter Weight => weight;

    /// <summary>The bias [out], or null for a bias-free layer.</summary>
    public Parameter? Bias => bias;

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        if (PadLeft == PadRight)
            return nn.functional.conv1d(input, weight, bias, stride: 1, padding: PadLeft, dilation: 1, groups: Groups);
        using var padded = nn.functional.pad(input, (PadLeft, PadRight));
        return nn.functional.conv1d(padded, weight, bias, stride: 1, padding: 0, dilation: 1, groups: Groups);
    }
}
