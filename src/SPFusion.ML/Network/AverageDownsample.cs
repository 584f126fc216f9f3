using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace SPFusion.ML.Network;

/// <summary>
/// timm's "average down" shortcut of a ResNet basic block that changes width or stride: AvgPool2d 2×2 with the block's
/// stride (ceil mode, padding excluded from the count), then Conv 1×1 without bias and BatchNorm. Children named 0, 1, 2
/// like timm's Sequential (<c>downsample.1.weight</c>).
/// </summary>
internal sealed class AverageDownsample : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "0")] internal readonly AvgPool2d pool;
    [ComponentName(Name = "1")] internal readonly Conv2d conv;
    [ComponentName(Name = "2")] internal readonly KeptScalarBatchNorm norm;

    /// <summary>Creates the shortcut from <paramref name="inChannels"/> to <paramref name="outChannels"/> with stride <paramref name="stride"/> (above 1).</summary>
    public AverageDownsample(long inChannels, long outChannels, long stride) : base(nameof(AverageDownsample))
    {
        if (stride < 2) throw new ArgumentOutOfRangeException(nameof(stride), stride, "the average-down shortcut pools with a stride of at least 2");
        Stride = stride;
        pool = nn.AvgPool2d(2, stride: stride, ceil_mode: true, count_include_pad: false);
        conv = nn.Conv2d(inChannels, outChannels, 1, bias: false);
        norm = new KeptScalarBatchNorm(outChannels, 2);
        RegisterComponents();
    }

    /// <summary>Stride of the pool.</summary>
    public long Stride { get; }

    /// <summary>The 1×1 convolution.</summary>
    public Conv2d Conv => conv;

    /// <summary>The batch norm after the convolution.</summary>
    public KeptScalarBatchNorm Norm => norm;

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        return norm.forward(conv.forward(pool.forward(input))).MoveToOuterDisposeScope();
    }
}
