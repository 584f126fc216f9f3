using SPFusion.Transforms;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SPFusion.ML.Network;

/// <summary>
/// The spectral feature extractor (ConvNeXt 1D): a patchifying stem (k = 32, stride 32) and three stages
/// 64 -> 128 -> 32 channels, turning a [N,1,3584] spectrum into x_s [N,32,28]. 559,520 parameters.
/// </summary>
internal sealed class ConvNeXt1DExtractor : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // field names mirror the authors' PyTorch module names
    internal readonly Conv1d stem;
    internal readonly ModuleList<ConvNeXt1DStage> extractor;
#pragma warning restore IDE1006

    /// <summary>Creates the extractor; <paramref name="dropout"/> is the blocks' element-wise dropout (0.2 published).</summary>
    public ConvNeXt1DExtractor(double dropout) : base(nameof(ConvNeXt1DExtractor))
    {
        stem = nn.Conv1d(1, 64, 32, stride: 32);
        extractor = new ModuleList<ConvNeXt1DStage>(
            new ConvNeXt1DStage(64, 128, 3, dropout),
            new ConvNeXt1DStage(128, SPFusionShapes.BranchChannels, 3, dropout),
            new ConvNeXt1DStage(SPFusionShapes.BranchChannels, null, 3, dropout));
        RegisterComponents();
    }

    /// <summary>The patchifying stem convolution.</summary>
    public Conv1d Stem => stem;

    /// <summary>The three stages.</summary>
    public IReadOnlyList<ConvNeXt1DStage> Stages => [.. extractor];

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = stem.forward(input);
        foreach (var stage in extractor) x = stage.forward(x);
        return x.MoveToOuterDisposeScope();
    }
}
