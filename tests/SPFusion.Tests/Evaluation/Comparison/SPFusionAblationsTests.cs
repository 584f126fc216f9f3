using SPFusion.ML.Evaluation;
using SPFusion.ML.Network;
using SPFusion.ML.Training;

namespace SPFusion.Tests.Evaluation.Comparison;

/// <summary>
/// The ablation grid is the paper's (section 4.2, Tables 3-7): star operator on/off, star-fusion kernel 3/7/11,
/// feed-forward ratio 2/3/4/5, heads 1/2/4/7, MetaFormer blocks 1/2/3, each the published network with that one
/// option changed; and Table 2's rows get the comparison's recipes.
/// </summary>
public sealed class SPFusionAblationsTests
{
    [Fact]
    public void EachAblationChangesOneOptionOfThePublishedNetworkToThePapersSettings()
    {
        var p = NetworkOptions.Published;
        Assert.Equal([p, p with { UseStarOperator = false }], Networks(SPFusionAblation.StarOperator));
        Assert.Equal(["with star operator", "without star operator (sum)"], Labels(SPFusionAblation.StarOperator));
        Assert.Equal([3, 7, 11], Networks(SPFusionAblation.StarFusionKernelSize).Select(n => n.StarFusionKernelSize));
        Assert.Equal([2, 3, 4, 5], Networks(SPFusionAblation.FeedForwardExpansion).Select(n => n.FeedForwardExpansion));
        Assert.Equal([1, 2, 4, 7], Networks(SPFusionAblation.FusionHeads).Select(n => n.FusionHeads));
        Assert.Equal([1, 2, 3], Networks(SPFusionAblation.MetaFormerBlocks).Select(n => n.MetaFormerBlocks));
        Assert.Equal(["3", "7", "11"], Labels(SPFusionAblation.StarFusionKernelSize));
        Assert.Equal(["1", "2", "3"], Labels(SPFusionAblation.MetaFormerBlocks));

        Assert.All(Networks(SPFusionAblation.StarFusionKernelSize), n => Assert.Equal(p with { StarFusionKernelSize = n.StarFusionKernelSize }, n));
        Assert.All(Networks(SPFusionAblation.FeedForwardExpansion), n => Assert.Equal(p with { FeedForwardExpansion = n.FeedForwardExpansion }, n));
        Assert.All(Networks(SPFusionAblation.FusionHeads), n => Assert.Equal(p with { FusionHeads = n.FusionHeads }, n));
        Assert.All(Networks(SPFusionAblation.MetaFormerBlocks), n => Assert.Equal(p with { MetaFormerBlocks = n.MetaFormerBlocks }, n));
        // The published configuration is a row of every table.
        Assert.All(Enum.GetValues<SPFusionAblation>(), a => Assert.Single(Networks(a), n => n == p));
        Assert.Throws<ArgumentOutOfRangeException>(() => SPFusionAblations.Settings((SPFusionAblation)5));
    }

    [Fact]
    public void AblationModelsShareThePublishedConfigurationsNameAndTrainWithSPFusionsRecipe()
    {
        var all = Enum.GetValues<SPFusionAblation>().SelectMany(a => SPFusionAblations.Models(a)).ToList();
        Assert.Equal(16, all.Count);
        Assert.Equal(12, all.Select(m => m.Name).Distinct().Count());
        Assert.Equal(5, all.Count(m => m.Name == "spfusion-star-k7-r4-h1-b1"));
        Assert.Contains(all, m => m.Name == "spfusion-sum-k7-r4-h1-b1" && m.Label == "without star operator (sum)");
        Assert.All(all, m => Assert.Equal((1e-3, 32, 20, 1), (m.Options.LearningRate, m.Options.BatchSize, m.Options.SchedulePeriod, m.Options.ScheduleMultiplier)));
        Assert.All(all, m => Assert.Equal("both", m.Modality));

        // A preset keeps the structure and brings its own rates and switches.
        var small = SPFusionAblations.Models(SPFusionAblation.FusionHeads, TrainingPreset.SmallSurvey);
        Assert.Equal([1, 2, 4, 7], small.Select(m => m.Options.Network.FusionHeads));
        Assert.All(small, m => Assert.True(m.Options.StandardizeTargets && m.Options.Network.Dropout == 0));
    }

    [Fact]
    public void Table2RowsHaveThePapersNamesModalitiesAndTheComparisonRecipes()
    {
        var spfusion = ComparisonModel.For(NetworkVariant.SPFusion);
        Assert.Equal(("spfusion", "SPFusion", "both", 1e-3, 32), (spfusion.Name, spfusion.Label, spfusion.Modality, spfusion.Options.LearningRate, spfusion.Options.BatchSize));
        var racnet = ComparisonModel.For(NetworkVariant.RacNet);
        Assert.Equal(("racnet", "RAC-Net", "spectrum"), (racnet.Name, racnet.Label, racnet.Modality));
        Assert.Equal((1e-4, 30, 2, 64), (racnet.Options.LearningRate, racnet.Options.SchedulePeriod, racnet.Options.ScheduleMultiplier, racnet.Options.BatchSize));
        Assert.Equal(NetworkVariant.RacNet, racnet.Options.Network.Variant);
        var resnet = ComparisonModel.For(NetworkVariant.ResNet10T);
        Assert.Equal(("ResNet10-T", "image"), (resnet.Label, resnet.Modality));
        Assert.Equal(4_947_210, resnet.CountParameters());
        Assert.Equal("my-run", new ComparisonModel("my-run", new SPFusionTrainer.Options()).Label);
    }

    private static List<NetworkOptions> Networks(SPFusionAblation a) => [.. SPFusionAblations.Settings(a).Select(s => s.Network)];

    private static List<string> Labels(SPFusionAblation a) => [.. SPFusionAblations.Settings(a).Select(s => s.Label)];
}
