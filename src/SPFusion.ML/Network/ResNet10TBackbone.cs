using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SPFusion.ML.Network;

/// <summary>
/// The shallow ResNet of the photometric extractor: ResNet10-T deep stem, BN, ReLU, 3×3 stride-2 max pool and one
/// basic block, [N,3,128,128] -> [N,64,32,32]. Field names follow timm (<c>conv1</c>, <c>bn1</c>, <c>act1</c>, <c>maxpool</c>, <c>layer1</c>).
/// </summary>
internal sealed class ResNet10TBackbone : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // field names mirror the authors' PyTorch module names
    internal readonly DeepStem conv1;
    internal readonly KeptScalarBatchNorm bn1;
    internal readonly ReLU act1;
    internal readonly MaxPool2d maxpool;
    internal readonly ModuleList<BasicBlock> layer1;
#pragma warning restore IDE1006

    /// <summary>Creates the backbone.</summary>
    public ResNet10TBackbone() : base(nameof(ResNet10TBackbone))
    {
        conv1 = new DeepStem();
        bn1 = new KeptScalarBatchNorm(64, 2);
        act1 = nn.ReLU();
        maxpool = nn.MaxPool2d(3, stride: 2, padding: 1);
        layer1 = new ModuleList<BasicBlock>(new BasicBlock(64));
        RegisterComponents();
    }

    /// <summary>The deep stem.</summary>
    public DeepStem Stem => conv1;

    /// <summary>The batch norm after the stem's last convolution.</summary>
    public KeptScalarBatchNorm StemNorm => bn1;

    /// <summary>The residual blocks (one).</summary>
    public IReadOnlyList<BasicBlock> Blocks => [.. layer1];

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        // Channels-last from here on: every layer of the branch then runs oneDNN's NHWC kernels without reorders.
        var x = maxpool.forward(act1.forward(bn1.forward(conv1.forward(ChannelsLast.Of(input)))));
        foreach (var block in layer1) x = block.forward(x);
        return x.MoveToOuterDisposeScope();
    }
}
