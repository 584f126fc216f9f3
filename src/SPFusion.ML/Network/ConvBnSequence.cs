using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace SPFusion.ML.Network;

/// <summary>
/// A "same"-padded 1-D convolution optionally followed by BatchNorm1d, children named 0 and 1 like the authors'
/// Sequentials (<c>classification_head.conv_blk</c>, and the <c>block</c> inside the star fusion's ConvBN units).
/// </summary>
internal sealed class ConvBnSequence : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "0")] internal readonly SamePadConv1d conv;
    [ComponentName(Name = "1")] internal readonly KeptScalarBatchNorm? norm;

    /// <summary>Creates the unit; <paramref name="withNorm"/> adds a BatchNorm1d(out) (eps 1e-5, momentum 0.1).</summary>
    public ConvBnSequence(long inChannels, long outChannels, long kernelSize, long groups, bool withNorm) : base(nameof(ConvBnSequence))
    {
        conv = new SamePadConv1d(inChannels, outChannels, kernelSize, groups);
        norm = withNorm ? new KeptScalarBatchNorm(outChannels, 1) : null;
        RegisterComponents();
    }

    /// <summary>The convolution.</summary>
    public SamePadConv1d Conv => conv;

    /// <summary>The batch norm after it, or null.</summary>
    public KeptScalarBatchNorm? Norm => norm;

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        if (norm is null) return conv.forward(input);
        using var c = conv.forward(input);
        return norm.forward(c);
    }
}
