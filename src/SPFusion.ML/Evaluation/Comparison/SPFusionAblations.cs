using System.Globalization;
using SPFusion.ML.Network;
using SPFusion.ML.Training;

namespace SPFusion.ML.Evaluation;

/// <summary>
/// The settings of the paper's ablations (section 4.2, Tables 3-7): each changes one structural option of the published
/// configuration (star operator on, fusion kernel 7, feed-forward ratio 4, 1 head, 1 MetaFormer block) and keeps the
/// others, so the published configuration is a setting of every ablation.
/// </summary>
public static class SPFusionAblations
{
    private static readonly Dictionary<SPFusionAblation, IReadOnlyList<(string Label, NetworkOptions Network)>> Grid = new()
    {
        [SPFusionAblation.StarOperator] =
            [("with star operator", NetworkOptions.Published), ("without star operator (sum)", NetworkOptions.Published with { UseStarOperator = false })],
        [SPFusionAblation.StarFusionKernelSize] = [.. new[] { 3, 7, 11 }.Select(k => (I(k), NetworkOptions.Published with { StarFusionKernelSize = k }))],
        [SPFusionAblation.FeedForwardExpansion] = [.. new[] { 2, 3, 4, 5 }.Select(r => (I(r), NetworkOptions.Published with { FeedForwardExpansion = r }))],
        [SPFusionAblation.FusionHeads] = [.. new[] { 1, 2, 4, 7 }.Select(h => (I(h), NetworkOptions.Published with { FusionHeads = h }))],
        [SPFusionAblation.MetaFormerBlocks] = [.. new[] { 1, 2, 3 }.Select(b => (I(b), NetworkOptions.Published with { MetaFormerBlocks = b }))],
    };

    /// <summary>
    /// The settings of <paramref name="ablation"/> in the paper's row order, each with its row label ("with star
    /// operator", "7", ...) and the published network with that one option changed.
    /// </summary>
    /// <param name="ablation">The ablation.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="ablation"/> is not one of the five.</exception>
    public static IReadOnlyList<(string Label, NetworkOptions Network)> Settings(SPFusionAblation ablation) =>
        Grid.TryGetValue(ablation, out var settings) ? settings : throw new ArgumentOutOfRangeException(nameof(ablation), ablation, "unknown ablation");

    /// <summary>
    /// The models of <paramref name="ablation"/> for <c>mlContext.Regression.CompareTwoTargets</c>: one per setting,
    /// labelled as in <see cref="Settings"/>, trained with SPFusion's recipe under <paramref name="preset"/>, and named
    /// after their structure (e.g. <c>spfusion-star-k7-r4-h1-b1</c>), so the published configuration has the same
    /// name, and shares its finished runs, in every ablation.
    /// </summary>
    /// <param name="ablation">The ablation.</param>
    /// <param name="preset">The training preset of every setting (its dropout rates are kept).</param>
    public static IReadOnlyList<ComparisonModel> Models(SPFusionAblation ablation, TrainingPreset preset = TrainingPreset.Published) =>
        [.. Settings(ablation).Select(s => new ComparisonModel(Key(s.Network), ComparisonRecipes.Default(s.Network, preset)) { Label = s.Label })];

    /// <summary>The name of a structure: equal structures share their runs across ablations.</summary>
    internal static string Key(NetworkOptions n) => string.Create(CultureInfo.InvariantCulture,
        $"spfusion-{(n.UseStarOperator ? "star" : "sum")}-k{n.StarFusionKernelSize}-r{n.FeedForwardExpansion}-h{n.FusionHeads}-b{n.MetaFormerBlocks}");

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);
}
