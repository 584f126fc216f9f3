using SPFusion.ML.Evaluation;
using SPFusion.ML.Network;

namespace SPFusion.Cli.Comparison;

/// <summary>
/// The paper's five ablations of SPFusion (section 4.2, Tables 3-7) as ablate writes them; their settings are the
/// library's (<see cref="SPFusionAblations"/>), so the published configuration is a row of every table (and is trained once).
/// </summary>
internal static class AblationGrid
{
    /// <summary>One ablation: its CLI word, the table's file name, caption and first column, and its settings.</summary>
    public sealed record Axis(string Word, string TableName, string Caption, string Column, SPFusionAblation Ablation)
    {
        /// <summary>The settings in the table's row order.</summary>
        public IReadOnlyList<(string Label, NetworkOptions Network)> Settings => SPFusionAblations.Settings(Ablation);
    }

    /// <summary>The five ablations in the paper's order.</summary>
    public static IReadOnlyList<Axis> All { get; } =
    [
        new("star", "table3-star-operator", "Table 3: star operator", "Fusion", SPFusionAblation.StarOperator),
        new("kernel", "table4-fusion-kernel", "Table 4: kernel size of the star fusion", "Kernel size", SPFusionAblation.StarFusionKernelSize),
        new("ratio", "table5-feed-forward-ratio", "Table 5: feed-forward ratio", "Ratio", SPFusionAblation.FeedForwardExpansion),
        new("heads", "table6-heads", "Table 6: channel-attention heads", "Heads", SPFusionAblation.FusionHeads),
        new("blocks", "table7-metaformer-blocks", "Table 7: MetaFormer blocks", "Blocks", SPFusionAblation.MetaFormerBlocks),
    ];

    /// <summary>The result-file key of a configuration: equal structures share their runs across tables.</summary>
    public static string Key(NetworkOptions n) => SPFusionAblations.Key(n);
}
