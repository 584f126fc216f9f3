namespace SPFusion.ML.Evaluation;

/// <summary>
/// The paper's five ablations of SPFusion (section 4.2, Tables 3-7), each named after the <c>NetworkOptions</c>
/// property it changes; <see cref="SPFusionAblations.Settings"/> gives each one's settings.
/// </summary>
public enum SPFusionAblation
{
    /// <summary>Table 3: star fusion with and without the star operator (<c>UseStarOperator</c> true, false).</summary>
    StarOperator,

    /// <summary>Table 4: kernel size of the star fusion (<c>StarFusionKernelSize</c> 3, 7, 11).</summary>
    StarFusionKernelSize,

    /// <summary>Table 5: feed-forward ratio (<c>FeedForwardExpansion</c> 2, 3, 4, 5).</summary>
    FeedForwardExpansion,

    /// <summary>Table 6: channel-attention heads (<c>FusionHeads</c> 1, 2, 4, 7).</summary>
    FusionHeads,

    /// <summary>Table 7: MetaFormer blocks (<c>MetaFormerBlocks</c> 1, 2, 3).</summary>
    MetaFormerBlocks,
}
