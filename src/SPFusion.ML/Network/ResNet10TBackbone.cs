using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SPFusion.ML.Network;

/// <summary>
/// timm's ResNet10-T trunk, cut after its first stages: deep stem, BN, ReLU, 3×3 stride-2 max pool, then one basic
/// block per stage (widths 64, 128, 256, 512; stages 2-4 halve the size with an average-down shortcut). The photometric
/// extractor uses the first stage only, [N,3,128,128] -> [N,64,32,32]; the image-only ResNet10-T comparison network all
/// four, -> [N,512,4,4]. Field names follow timm (<c>conv1</c>, <c>bn1</c>, <c>act1</c>, <c>maxpool</c>, <c>layer1</c>..<c>layer4</c>).
/// </summary>
internal sealed class ResNet10TBackbone : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // field names mirror the authors' PyTorch module names
    internal readonly DeepStem conv1;
    internal readonly KeptScalarBatchNorm bn1;
    internal readonly ReLU act1;
    internal readonly MaxPool2d maxpool;
    internal readonly ModuleList<BasicBlock> layer1;
    internal readonly ModuleList<BasicBlock>? layer2;
    internal readonly ModuleList<BasicBlock>? layer3;
    internal readonly ModuleList<BasicBlock>? layer4;
#pragma warning restore IDE1006

    /// <summary>Widths of the four stages.</summary>
    public static IReadOnlyList<long> StageWidths { get; } = [64, 128, 256, 512];

    /// <summary>Creates the photometric extractor's backbone (first stage only).</summary>
    public ResNet10TBackbone() : this(1)
    {
    }

    /// <summary>Creates the trunk with its first <paramref name="stages"/> stages (1 to 4).</summary>
    public ResNet10TBackbone(int stages) : base(nameof(ResNet10TBackbone))
    {
        if (stages is < 1 or > 4) throw new ArgumentOutOfRangeException(nameof(stages), stages, "ResNet10-T has 1 to 4 stages");
        conv1 = new DeepStem();
        bn1 = new KeptScalarBatchNorm(64, 2);
        act1 = nn.ReLU();
        maxpool = nn.MaxPool2d(3, stride: 2, padding: 1);
        layer1 = new ModuleList<BasicBlock>(new BasicBlock(64));
        layer2 = stages >= 2 ? Stage(1) : null;
        layer3 = stages >= 3 ? Stage(2) : null;
        layer4 = stages >= 4 ? Stage(3) : null;
        RegisterComponents();
    }

    private static ModuleList<BasicBlock> Stage(int i) => new(new BasicBlock(StageWidths[i - 1], StageWidths[i], 2));

    /// <summary>Channels of the last stage's output.</summary>
    public long OutputChannels => StageWidths[Layers.Count - 1];

    /// <summary>The stages in order (layer1, then layer2..layer4 when built), each a list of blocks.</summary>
    public IReadOnlyList<IReadOnlyList<BasicBlock>> Layers =>
        new[] { layer1, layer2, layer3, layer4 }.OfType<ModuleList<BasicBlock>>().Select(l => (IReadOnlyList<BasicBlock>)l.ToArray()).ToArray();

    /// <summary>The deep stem.</summary>
    public DeepStem Stem => conv1;

    /// <summary>The batch norm after the stem's last convolution.</summary>
    public KeptScalarBatchNorm StemNorm => bn1;

    /// <summary>The first stage's residual blocks (one).</summary>
    public IReadOnlyList<BasicBlock> Blocks => [.. layer1];

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        // Channels-last from here on: every layer of the branch then runs oneDNN's NHWC kernels without reorders.
        var x = maxpool.forward(act1.forward(bn1.forward(conv1.forward(ChannelsLast.Of(input)))));
        foreach (var layer in new[] { layer1, layer2, layer3, layer4 })
        {
            if (layer is null) continue;
            foreach (var block in layer) x = block.forward(x);
        }
        return x.MoveToOuterDisposeScope();
    }
}
