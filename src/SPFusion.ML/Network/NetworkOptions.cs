using SPFusion.Transforms;
namespace SPFusion.ML.Network;

/// <summary>
/// Network configuration. Every default is the published configuration (ARCHITECTURE.md); the other values exist
/// for the paper's ablations and the project's own.
/// </summary>
public sealed record NetworkOptions
{
    /// <summary>The published SPFusion configuration.</summary>
    public static NetworkOptions Published { get; } = new();

    /// <summary>SPFusion (default) or one of the comparison networks. Those ignore every fusion option.</summary>
    public NetworkVariant Variant { get; init; } = NetworkVariant.SPFusion;

    /// <summary>
    /// Hidden width H of the SSCNN head (Linear 7168->H->2), 88 by default: the width the paper's Table 2 count (0.75 M)
    /// implies, 746,954 parameters. The authors' group's code uses 1024 (7,459,010 parameters); the paper does not say
    /// which it trained. Only <see cref="NetworkVariant.Sscnn"/> reads it.
    /// </summary>
    public int SscnnHiddenWidth { get; init; } = 88;

    /// <summary>
    /// Hidden width H of the ResNet10-T image baseline's head (Linear 512->H->2), 48 by default: 4,947,210 parameters,
    /// the paper's 4.95 M. Only <see cref="NetworkVariant.ResNet10T"/> reads it.
    /// </summary>
    public int ResNet10THeadWidth { get; init; } = 48;

    /// <summary>
    /// True (default): star fusion <c>x_f = f(GELU(branch_A(x_s)) · branch_B(x_p))</c>. False: the paper's
    /// "without star operator" ablation (section 4.2.1), read as replacing the element-wise product by a sum of the
    /// same two branches, <c>x_f = f(branch_A(x_s) + branch_B(x_p))</c>, with no GELU; parameter count unchanged.
    /// </summary>
    public bool UseStarOperator { get; init; } = true;

    /// <summary>Kernel of every convolution in the star fusion (branches and fusion), 7 published; even kernels pad PyTorch's way.</summary>
    public int StarFusionKernelSize { get; init; } = 7;

    /// <summary>
    /// Hidden-width ratio r of the fusion transformer block's feed-forward (96 -> 96r -> 96), 4 published. The
    /// MetaFormer blocks use half of it (96 -> 48r -> 96; 2× published), keeping the release's 2:1 relation. The
    /// star fusion's 4× channel expansion is part of the star operator, not a feed-forward, and stays fixed.
    /// </summary>
    public int FeedForwardExpansion { get; init; } = 4;

    /// <summary>
    /// Channel-attention heads h, 1 published; h must divide the fused length 28. As in the authors' release, heads
    /// split the length, not the channels: q, k, v [N,96,28] are reshaped to [N,h,96,28/h], each head computes a
    /// 96 x 96 attention scaled by 1/√(28/h) (attention map [N,h,96,96]), and the heads are merged back to [N,96,28].
    /// No parameters depend on h.
    /// </summary>
    public int FusionHeads { get; init; } = 1;

    /// <summary>
    /// MetaFormer blocks B, 1 published. Only the last one has the release's residual-free second line with the
    /// bias-free Linear 28->28; the B-1 blocks before it are ordinary residual MetaFormer blocks.
    /// </summary>
    public int MetaFormerBlocks { get; init; } = 1;

    /// <summary>Drop-path probability on the fusion output and on the attention map, 0.3.</summary>
    public double DropPath { get; init; } = 0.3;

    /// <summary>Dropout of the feed-forward units, 0.3.</summary>
    public double Dropout { get; init; } = 0.3;

    /// <summary>Element-wise dropout inside the ConvNeXt blocks, 0.2 (release).</summary>
    public double ConvNeXtDropout { get; init; } = 0.2;

    /// <summary>
    /// Heteroscedastic head (SPFusion only), false by default (the published network). True adds a second output layer
    /// beside the head's <c>out_linear</c> (Linear 32->2 on the same pooled features) that predicts the log-variances of
    /// mass and age, trained under a Gaussian negative log-likelihood; the exported graph then gives each star's
    /// <c>predicted_sigma</c>. The published weights still load: only the new layer is new, and it starts at a constant.
    /// </summary>
    public bool PredictVariance { get; init; }

    /// <summary>
    /// True when the network has the published layers and weights: the SPFusion variant with every structural option
    /// published. Dropout and drop-path rates hold no weights and may differ (a training preset may change them), and so may
    /// the comparison networks' head widths, which SPFusion does not read, and <see cref="PredictVariance"/>, whose layer
    /// is added beside the published ones.
    /// </summary>
    public bool HasPublishedLayout =>
        this with
        {
            DropPath = Published.DropPath,
            Dropout = Published.Dropout,
            ConvNeXtDropout = Published.ConvNeXtDropout,
            SscnnHiddenWidth = Published.SscnnHiddenWidth,
            ResNet10THeadWidth = Published.ResNet10THeadWidth,
            PredictVariance = Published.PredictVariance,
        } == Published;

    /// <summary>Rejects values that cannot build a network, naming the option.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Variant)) throw new ArgumentOutOfRangeException(nameof(Variant), Variant, "unknown network variant");
        if (StarFusionKernelSize < 1) throw new ArgumentOutOfRangeException(nameof(StarFusionKernelSize), StarFusionKernelSize, "star fusion kernel size must be at least 1");
        if (FeedForwardExpansion < 1) throw new ArgumentOutOfRangeException(nameof(FeedForwardExpansion), FeedForwardExpansion, "feed-forward expansion must be at least 1");
        if (FusionHeads < 1 || SPFusionShapes.Positions % FusionHeads != 0)
            throw new ArgumentOutOfRangeException(nameof(FusionHeads), FusionHeads,
                $"fusion heads must divide the fused feature length {SPFusionShapes.Positions} (1, 2, 4, 7, 14 or 28), because each head attends over length/heads positions");
        if (SscnnHiddenWidth < 1) throw new ArgumentOutOfRangeException(nameof(SscnnHiddenWidth), SscnnHiddenWidth, "the SSCNN hidden width must be at least 1");
        if (ResNet10THeadWidth < 1) throw new ArgumentOutOfRangeException(nameof(ResNet10THeadWidth), ResNet10THeadWidth, "the ResNet10-T head width must be at least 1");
        if (MetaFormerBlocks < 1) throw new ArgumentOutOfRangeException(nameof(MetaFormerBlocks), MetaFormerBlocks, "at least one MetaFormer block is needed");
        if (PredictVariance && Variant != NetworkVariant.SPFusion)
            throw new ArgumentException($"{nameof(PredictVariance)} (the heteroscedastic head) exists for the SPFusion network only, not {Variant}", nameof(PredictVariance));
        CheckProbability(DropPath, nameof(DropPath));
        CheckProbability(Dropout, nameof(Dropout));
        CheckProbability(ConvNeXtDropout, nameof(ConvNeXtDropout));
    }

    private static void CheckProbability(double p, string name)
    {
        if (!(p >= 0 && p < 1)) throw new ArgumentOutOfRangeException(name, p, $"{name} must lie in [0, 1)");
    }
}
