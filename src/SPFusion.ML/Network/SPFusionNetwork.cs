using SPFusion.Transforms;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SPFusion.ML.Network;

/// <summary>
/// The SPFusion network: photometric and spectral extractors, star fusion, concatenation (x_p, x_f, x_s), the fusion
/// transformer block, MetaFormer block(s) and the SE head. Field names are the authors' top-level module names, so
/// parameter paths equal theirs (e.g. <c>spec_feature_extractor.extractor.0.blocks.0.conv_d.weight</c>).
/// 939,398 trainable parameters in the published configuration.
/// </summary>
public sealed class SPFusionNetwork : StarNetwork
{
    /// <summary>Hidden channels of the head's convolution.</summary>
    public const int HeadChannels = 32;

#pragma warning disable IDE1006 // field names mirror the authors' PyTorch module names
    internal readonly SpectrumStandardization spectrum_standardization;
    internal readonly ConvNeXt1DExtractor spec_feature_extractor;
    internal readonly PhotometricExtractor photo_feature_extractor;
    internal readonly StarFusion star_fusion;
    internal readonly FusionTransformerBlock fusion_trans_blk;
    internal readonly ModuleList<MetaFormerBlock> trans_blks;
    internal readonly SEHead classification_head;
#pragma warning restore IDE1006

    /// <summary>Builds the network with TorchSharp's default initialisation; use <see cref="NetworkFactory"/> for seeded weights.</summary>
    public SPFusionNetwork(NetworkOptions options) : base(nameof(SPFusionNetwork), options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        const int c = SPFusionShapes.BranchChannels, l = SPFusionShapes.Positions;
        spectrum_standardization = new SpectrumStandardization();
        spec_feature_extractor = new ConvNeXt1DExtractor(options.ConvNeXtDropout);
        photo_feature_extractor = new PhotometricExtractor();
        star_fusion = new StarFusion(c, options.StarFusionKernelSize, options.UseStarOperator, options.DropPath);
        fusion_trans_blk = new FusionTransformerBlock(SPFusionShapes.FusedChannels, options.FusionHeads, options.FeedForwardExpansion, options.DropPath, options.Dropout);
        long metaHidden = SPFusionShapes.FusedChannels / 2 * options.FeedForwardExpansion;
        trans_blks = new ModuleList<MetaFormerBlock>(Enumerable.Range(0, options.MetaFormerBlocks)
            .Select(i => new MetaFormerBlock(SPFusionShapes.FusedChannels, l, metaHidden, isLast: i == options.MetaFormerBlocks - 1, options.Dropout))
            .ToArray());
        classification_head = new SEHead(SPFusionShapes.FusedChannels, HeadChannels, Targets, options.PredictVariance);
        RegisterComponents();
    }

    /// <inheritdoc/>
    public override bool UsesPhotometry => true;

    /// <inheritdoc/>
    public override SpectrumStandardization SpectrumStandardization => spectrum_standardization;

    /// <summary>The spectral extractor (ConvNeXt 1D).</summary>
    internal ConvNeXt1DExtractor SpectralExtractor => spec_feature_extractor;

    /// <summary>The photometric extractor.</summary>
    internal PhotometricExtractor PhotometricExtractor => photo_feature_extractor;

    /// <summary>The star fusion.</summary>
    internal StarFusion StarFusion => star_fusion;

    /// <summary>The fusion transformer block.</summary>
    internal FusionTransformerBlock FusionBlock => fusion_trans_blk;

    /// <summary>The MetaFormer blocks in order (the last is residual-free).</summary>
    internal IReadOnlyList<MetaFormerBlock> MetaFormerBlocks => [.. trans_blks];

    /// <summary>The SE regression head.</summary>
    internal SEHead Head => classification_head;

    /// <inheritdoc/>
    public override TorchSharp.Modules.Linear OutputLayer => classification_head.Output;

    /// <inheritdoc/>
    internal override TorchSharp.Modules.Linear? LogVarianceLayer => classification_head.LogVariance;

    /// <inheritdoc/>
    public override NetworkOutput forward(Tensor photometric, Tensor spectrum)
    {
        ValidateInputs(photometric, spectrum);
        using var scope = NewDisposeScope();
        var xs = spec_feature_extractor.forward(spectrum_standardization.forward(spectrum));
        var xp = photo_feature_extractor.forward(photometric);
        var xf = star_fusion.forward(xs, xp);
        var x = cat([xp, xf, xs], 1);
        var (fused, attention) = fusion_trans_blk.forward(x);
        x = fused;
        foreach (var block in trans_blks) x = block.forward(x);
        var noise = classification_head.LogVariance is null ? null : SpectrumNoise.LogLevel(spectrum);
        var (prediction, weights, logVariance) = classification_head.forward(x, noise);
        return new NetworkOutput(prediction.MoveToOuterDisposeScope(), attention.MoveToOuterDisposeScope(), weights.MoveToOuterDisposeScope())
        {
            LogVariance = logVariance?.MoveToOuterDisposeScope(),
        };
    }
}
