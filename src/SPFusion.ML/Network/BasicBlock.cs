using SPFusion.ML.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SPFusion.ML.Network;

/// <summary>
/// ResNet basic block without down-sampling: conv3×3, BN, ReLU, conv3×3, BN, add the input, ReLU.
/// Field names follow timm (<c>conv1</c>, <c>bn1</c>, <c>conv2</c>, <c>bn2</c>).
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
#pragma warning restore IDE1006

    /// <summary>Creates a block of <paramref name="channels"/> channels.</summary>
    public BasicBlock(long channels) : base(nameof(BasicBlock))
    {
        conv1 = nn.Conv2d(channels, channels, 3, padding: 1, bias: false);
        bn1 = new KeptScalarBatchNorm(channels, 2);
        act1 = nn.ReLU();
        conv2 = nn.Conv2d(channels, channels, 3, padding: 1, bias: false);
        bn2 = new KeptScalarBatchNorm(channels, 2);
        act2 = nn.ReLU();
        RegisterComponents();
    }

    /// <summary>First convolution and its batch norm.</summary>
    public (Conv2d Conv, KeptScalarBatchNorm Norm) First => (conv1, bn1);

    /// <summary>Second convolution and its batch norm.</summary>
    public (Conv2d Conv, KeptScalarBatchNorm Norm) Second => (conv2, bn2);

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = act1.forward(bn1.forward(conv1.forward(input)));
        x = bn2.forward(conv2.forward(x));
        return act2.forward(x.Plus(input)).MoveToOuterDisposeScope();
    }
}
