using SPFusion.Transforms;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SPFusion.ML.Network;

/// <summary>
/// The spectral feature extractor (ConvNeXt 1D): a patchifying stem (k = 32, stride 32) and three stages
/// 64 -> 128 -> 32 channels, turning a [N,1,3584] spectrum into x_s [N,32,28]. 559,520 parameters.
/// The paper's ConvNeXt 1D comparison network uses the same stem and blocks with a fourth stage
/// (<see cref="PaperStages"/>: 64 -> 128 -> 32 -> 16, [N,16,14]).
/// </summary>
internal sealed class ConvNeXt1DExtractor : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // field names mirror the authors' PyTorch module names
    internal readonly Conv1d stem;
    internal readonly ModuleList<ConvNeXt1DStage> extractor;
#pragma warning restore IDE1006

    /// <summary>SPFusion's stages: (channels, down-sampled to; null for none).</summary>
    public static IReadOnlyList<(long Channels, long? DownTo)> SPFusionStages { get; } =
        [(64, 128), (128, SPFusionShapes.BranchChannels), (SPFusionShapes.BranchChannels, null)];

    /// <summary>
    /// The stages of the ConvNeXt 1D comparison network in the authors' group's code: SPFusion's, except that stage 3
    /// down-samples to 16 channels and a fourth stage of 16 channels follows (BASELINES.md).
    /// </summary>
    public static IReadOnlyList<(long Channels, long? DownTo)> PaperStages { get; } =
        [(64, 128), (128, 32), (32, 16), (16, null)];

    /// <summary>Creates SPFusion's extractor; <paramref name="dropout"/> is the blocks' element-wise dropout (0.2 published).</summary>
    public ConvNeXt1DExtractor(double dropout) : this(dropout, SPFusionStages)
    {
    }

    /// <summary>Creates an extractor with the 1->64 patchifying stem and the given stages of three blocks each.</summary>
    public ConvNeXt1DExtractor(double dropout, IReadOnlyList<(long Channels, long? DownTo)> stages) : base(nameof(ConvNeXt1DExtractor))
    {
        ArgumentNullException.ThrowIfNull(stages);
        stem = nn.Conv1d(1, 64, 32, stride: 32);
        extractor = new ModuleList<ConvNeXt1DStage>(stages.Select(s => new ConvNeXt1DStage(s.Channels, s.DownTo, 3, dropout)).ToArray());
        RegisterComponents();
    }

    /// <summary>The patchifying stem convolution.</summary>
    public Conv1d Stem => stem;

    /// <summary>The stages (three in SPFusion).</summary>
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
