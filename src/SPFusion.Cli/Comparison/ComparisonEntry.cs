using SPFusion.ML.Network;
using SPFusion.ML.Training;

namespace SPFusion.Cli.Comparison;

/// <summary>
/// One network configuration of a comparison or ablation: <paramref name="Key"/> names its result files (so a setting
/// shared by two ablation tables is trained once), <paramref name="Label"/> its table row.
/// </summary>
internal sealed record ComparisonEntry(string Key, string Label, SPFusionTrainer.Options Options)
{
    /// <summary>Spectrum, image or both, as Table 2's modality column says.</summary>
    public string Modality => (NetworkVariants.UsesSpectrum(Options.Network.Variant), NetworkVariants.UsesPhotometry(Options.Network.Variant)) switch
    {
        (true, true) => "both",
        (true, false) => "spectrum",
        _ => "image",
    };

    /// <summary>Trainable parameters of the configuration (a network is built once to count them).</summary>
    public long CountParameters()
    {
        using var network = NetworkFactory.Create(Options.Network, seed: 0);
        return network.TrainableParameterCount();
    }
}
