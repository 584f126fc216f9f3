using SPFusion.ML.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SPFusion.ML.Network;

/// <summary>
/// ResNet basic block: conv3×3 (with the block's stride), BN, ReLU, conv3×3, BN, add the shortcut, ReLU. The
/// shortcut is the input, or timm's <see cref="AverageDownsample"/> when the block changes width or stride.
/// Field names follow timm (<c>conv1</c>, <c>bn1</c>, <c>conv2</c>, <c>bn2</c>, <c>downsample</c>).
/// </summary>
internal sealed class BasicBlock : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // field names mirror the authors' PyTorch module names
    internal readonly Conv2d conv1;
    internal readonly KeptScalarBatchNorm bn1;
    internal readonly ReLU act1;
    internal readonly Conv2d conv2;
    internal readonly KeptScalarBatchNorm bn2;
    internal readonly ReLU act2;
    internal readonly AverageDownsample? downsample;
#pragma warning restore IDE1006

    /// <summary>Creates a block of <paramref name="channels"/> channels without down-sampling.</summary>
    public BasicBlock(long channels) : this(channels, channels, 1)
    {
    }

    /// <summary>Creates a block from <paramref name="inChannels"/> to <paramref name="outChannels"/> with stride <paramref name="stride"/>.</summary>
    public BasicBlock(long inChannels, long outChannels, long stride) : base(nameof(BasicBlock))
    {
        conv1 = nn.Conv2d(inChannels, outChannels, 3, stride: stride, padding: 1, bias: false);
        bn1 = new KeptScalarBatchNorm(outChannels, 2);
        act1 = nn.ReLU();
        conv2 = nn.Conv2d(outChannels, outChannels, 3, padding: 1, bias: false);
        bn2 = new KeptScalarBatchNorm(outChannels, 2);
        act2 = nn.ReLU();
        downsample = stride != 1 || inChannels != outChannels ? new AverageDownsample(inChannels, outChannels, stride) : null;
        RegisterComponents();
    }

    /// <summary>First convolution and its batch norm.</summary>
    public (Conv2d Conv, KeptScalarBatchNorm Norm) First => (conv1, bn1);

    /// <summary>Second convolution and its batch norm.</summary>
    public (Conv2d Conv, KeptScalarBatchNorm Norm) Second => (conv2, bn2);

    /// <summary>The shortcut's down-sampling, or null when the shortcut is the input itself.</summary>
    public AverageDownsample? Downsample => downsample;

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = act1.forward(bn1.forward(conv1.forward(input)));
        x = bn2.forward(conv2.forward(x));
        var shortcut = downsample is null ? input : downsample.forward(input);
        return act2.forward(x.Plus(shortcut)).MoveToOuterDisposeScope();
    }
}
