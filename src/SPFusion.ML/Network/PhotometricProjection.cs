using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace SPFusion.ML.Network;

/// <summary>
/// Channel projection after the backbone: Conv2d 64->32 3×3 "same" (bias), BatchNorm2d(32), Conv2d 32->32 3×3 "same" (bias).
/// Children named 0..2 like the authors' <c>conv_blk</c> Sequential.
/// </summary>
internal sealed class PhotometricProjection : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "0")] internal readonly Conv2d conv_a;
    [ComponentName(Name = "1")] internal readonly KeptScalarBatchNorm bn;
    [ComponentName(Name = "2")] internal readonly Conv2d conv_b;

    /// <summary>Creates the projection.</summary>
    public PhotometricProjection(long inChannels, long outChannels) : base(nameof(PhotometricProjection))
    {
        conv_a = nn.Conv2d(inChannels, outChannels, 3, padding: 1);
        bn = new KeptScalarBatchNorm(outChannels, 2);
        conv_b = nn.Conv2d(outChannels, outChannels, 3, padding: 1);
        RegisterComponents();
    }

    /// <summary>The first convolution and its batch norm.</summary>
    public (Conv2d Conv, KeptScalarBatchNorm Norm) First => (conv_a, bn);

    /// <summary>The second convolution (no norm after it).</summary>
    public Conv2d Second => conv_b;

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        return conv_b.forward(bn.forward(conv_a.forward(input))).MoveToOuterDisposeScope();
    }
}
