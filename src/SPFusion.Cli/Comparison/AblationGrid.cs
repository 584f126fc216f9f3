using System.Globalization;
using SPFusion.ML.Network;

namespace SPFusion.Cli.Comparison;

/// <summary>
/// The paper's five ablations of SPFusion (section 4.2, Tables 3-7): each changes one structural option of the published
/// configuration (star operator on, fusion kernel 7, feed-forward ratio 4, 1 head, 1 MetaFormer block) and keeps the
/// others, so the published configuration is a row of every table (and is trained once).
/// </summary>
internal static class AblationGrid
{
    /// <summary>One ablation: its CLI word, the table's file name, caption and first column, and its settings.</summary>
    public sealed record Axis(string Word, string TableName, string Caption, string Column, IReadOnlyList<(string Label, NetworkOptions Network)> Settings);

    /// <summary>The five ablations in the paper's order.</summary>
    public static IReadOnlyList<Axis> All { get; } =
    [
        new("star", "table3-star-operator", "Table 3: star operator", "Fusion",
            [("with star operator", NetworkOptions.Published), ("without star operator (sum)", NetworkOptions.Published with { UseStarOperator = false })]),
        new("kernel", "table4-fusion-kernel", "Table 4: kernel size of the star fusion", "Kernel size",
            [.. new[] { 3, 7, 11 }.Select(k => (I(k), NetworkOptions.Published with { StarFusionKernelSize = k }))]),
        new("ratio", "table5-feed-forward-ratio", "Table 5: feed-forward ratio", "Ratio",
            [.. new[] { 2, 3, 4, 5 }.Select(r => (I(r), NetworkOptions.Published with { FeedForwardExpansion = r }))]),
        new("heads", "table6-heads", "Table 6: channel-attention heads", "Heads",
            [.. new[] { 1, 2, 4, 7 }.Select(h => (I(h), NetworkOptions.Published with { FusionHeads = h }))]),
        new("blocks", "table7-metaformer-blocks", "Table 7: MetaFormer blocks", "Blocks",
            [.. new[] { 1, 2, 3 }.Select(b => (I(b), NetworkOptions.Published with { MetaFormerBlocks = b }))]),
    ];

    /// <summary>The result-file key of a configuration: equal structures share their runs across tables.</summary>
    public static string Key(NetworkOptions n) => string.Create(CultureInfo.InvariantCulture,
        $"spfusion-{(n.UseStarOperator ? "star" : "sum")}-k{n.StarFusionKernelSize}-r{n.FeedForwardExpansion}-h{n.FusionHeads}-b{n.MetaFormerBlocks}");

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);
}
