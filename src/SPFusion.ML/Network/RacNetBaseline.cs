using SPFusion.Transforms;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SPFusion.ML.Network;

/// <summary>
/// RAC-Net (Zou et al. 2020, PASP 132, 044503) as the paper's authors' group publishes it (BASELINES.md): eight
/// <see cref="RacBlock"/> stages of widths 16, 16, 32, 32, 64, 64, 128, 128, each followed by MaxPool1d(2), turning
/// [N,1,3584] into [N,128,14]; then flatten and Linear 1792 -> 128 -> ReLU -> Linear 128 -> 2. 756,354 parameters.
/// Spectrum only; the photometric input is ignored.
/// </summary>
public sealed class RacNetBaseline : StarNetwork
{
    /// <summary>Output widths of the eight stages.</summary>
    internal static IReadOnlyList<long> StageWidths { get; } = [16, 16, 32, 32, 64, 64, 128, 128];

    /// <summary>Hidden width of the fully connected head.</summary>
    internal const int HeadWidth = 128;

#pragma warning disable IDE1006 // field names mirror the PyTorch module names
    internal readonly SpectrumStandardization spectrum_standardization;
    internal readonly ModuleList<RacBlock> conv_structure;
    internal readonly MaxPool1d pool;
    internal readonly TwoLayerRegressionHead fc_structure;
#pragma warning restore IDE1006

    /// <summary>Builds the network with TorchSharp's default initialisation; use <see cref="NetworkFactory"/> for seeded weights.</summary>
    public RacNetBaseline(NetworkOptions options) : base(nameof(RacNetBaseline), options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        spectrum_standardization = new SpectrumStandardization();
        conv_structure = new ModuleList<RacBlock>(StageWidths.Select((w, i) => new RacBlock(i == 0 ? 1 : StageWidths[i - 1], w)).ToArray());
        pool = nn.MaxPool1d(2, stride: 2);
        long length = SPFusionShapes.SpectrumLength >> StageWidths.Count;
        fc_structure = new TwoLayerRegressionHead(StageWidths[^1] * length, HeadWidth, Targets);
        RegisterComponents();
    }

    /// <inheritdoc/>
    public override bool UsesPhotometry => false;

    /// <inheritdoc/>
    public override SpectrumStandardization SpectrumStandardization => spectrum_standardization;

    /// <summary>The eight blocks (each followed by <see cref="Pool"/>).</summary>
    internal IReadOnlyList<RacBlock> Blocks => [.. conv_structure];

    /// <summary>The max pool after every block.</summary>
    internal MaxPool1d Pool => pool;

    /// <summary>The fully connected head.</summary>
    internal TwoLayerRegressionHead Head => fc_structure;

    /// <inheritdoc/>
    public override Linear OutputLayer => fc_structure.Output;

    /// <inheritdoc/>
    public override NetworkOutput forward(Tensor photometric, Tensor spectrum)
    {
        ValidateInputs(photometric, spectrum);
        using var scope = NewDisposeScope();
        var x = spectrum_standardization.forward(spectrum);
        foreach (var block in conv_structure) x = pool.forward(block.forward(x));
        return new NetworkOutput(fc_structure.forward(x).MoveToOuterDisposeScope(), null, null);
    }
}
