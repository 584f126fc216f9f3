using SPFusion.ML.Network;
using SPFusion.ML.Training;

namespace SPFusion.ML.Evaluation;

/// <summary>
/// Each model's default training recipe in a comparison, and the paper's name for each network. SPFusion keeps its
/// published recipe (Adam lr 1e-3, cosine warm restarts of period 20 and multiplier 1, batch 32; ARCHITECTURE.md);
/// every comparison network gets the recipe the authors' group trained its baselines with (lr 1e-4, warm restarts of
/// period 30 and multiplier 2, batch 64).
/// </summary>
internal static class ComparisonRecipes
{
    /// <summary>The baselines' learning rate (the group's code).</summary>
    public const double BaselineLearningRate = 1e-4;

    /// <summary>The baselines' warm-restart period, multiplier and batch (the group's code).</summary>
    public const int BaselinePeriod = 30, BaselineMultiplier = 2, BaselineBatch = 64;

    /// <summary>The default recipe of <paramref name="network"/> under <paramref name="preset"/>.</summary>
    public static SPFusionTrainer.Options Default(NetworkOptions network, TrainingPreset preset)
    {
        var o = SPFusionTrainer.Options.For(preset);
        // The preset's dropout rates stay; the structure is the configuration's.
        o = o with { Network = network with { Dropout = o.Network.Dropout, DropPath = o.Network.DropPath, ConvNeXtDropout = o.Network.ConvNeXtDropout } };
        return network.Variant == NetworkVariant.SPFusion
            ? o
            : o with { LearningRate = BaselineLearningRate, SchedulePeriod = BaselinePeriod, ScheduleMultiplier = BaselineMultiplier, BatchSize = BaselineBatch };
    }

    /// <summary>The row name of a network: the paper's spelling.</summary>
    public static string PaperLabel(NetworkVariant variant) => variant switch
    {
        NetworkVariant.SPFusion => "SPFusion",
        NetworkVariant.ConvNeXt1D => "ConvNeXt 1D (SPFusion's spectral branch)",
        NetworkVariant.ConvNeXt1DPaper => "ConvNeXt 1D",
        NetworkVariant.RacNet => "RAC-Net",
        NetworkVariant.Sscnn => "SSCNN",
        NetworkVariant.ResNet10T => "ResNet10-T",
        _ => NetworkVariants.CliName(variant),
    };
}
