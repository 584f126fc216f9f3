using SPFusion.ML.Network;
using SPFusion.ML.Training;

namespace SPFusion.ML.Evaluation;

/// <summary>
/// One configuration of a comparison or ablation (<c>mlContext.Regression.CompareTwoTargets</c>): a network and its
/// training recipe. <paramref name="Name"/> identifies its runs (result and weight files under the resume folder, so a
/// setting shared by two ablations is trained once); <see cref="Label"/> is its table row.
/// </summary>
/// <param name="Name">Short identifier: letters, digits, '.', '_' and '-' (it becomes part of file names), unique in a comparison.</param>
/// <param name="Options">The recipe the configuration is trained with on every fold (its <c>ValidationData</c> and <c>SaveWeightsTo</c> are the comparison's).</param>
public sealed record ComparisonModel(string Name, SPFusionTrainer.Options Options)
{
    /// <summary>The row name in a table; defaults to <see cref="Name"/>.</summary>
    public string Label { get; init; } = Name;

    /// <summary>"both", "spectrum" or "image": what the network reads, as Table 2's modality column says.</summary>
    public string Modality => (NetworkVariants.UsesSpectrum(Options.Network.Variant), NetworkVariants.UsesPhotometry(Options.Network.Variant)) switch
    {
        (true, true) => "both",
        (true, false) => "spectrum",
        _ => "image",
    };

    /// <summary>Trainable parameters of the configuration's network (it is built once, with random weights, to count them).</summary>
    public long CountParameters()
    {
        using var network = NetworkFactory.Create(Options.Network, seed: 0);
        return network.TrainableParameterCount();
    }

    /// <summary>
    /// A row of the paper's Table 2: <paramref name="variant"/> with the published structure, named as the CLI's
    /// <c>--models</c> word and labelled with the paper's spelling, and its default comparison recipe under
    /// <paramref name="preset"/>: SPFusion keeps its own (Adam lr 1e-3, cosine warm restarts of period 20 and multiplier
    /// 1, batch 32); every comparison network gets the recipe the authors' group trained its baselines with (lr 1e-4,
    /// warm restarts of period 30 and multiplier 2, batch 64). Change the recipe with <c>with</c>.
    /// </summary>
    /// <param name="variant">The network.</param>
    /// <param name="preset">The training preset the recipe starts from (its dropout rates are kept).</param>
    public static ComparisonModel For(NetworkVariant variant, TrainingPreset preset = TrainingPreset.Published) =>
        new(NetworkVariants.CliName(variant), ComparisonRecipes.Default(NetworkOptions.Published with { Variant = variant }, preset))
        {
            Label = ComparisonRecipes.PaperLabel(variant),
        };
}
