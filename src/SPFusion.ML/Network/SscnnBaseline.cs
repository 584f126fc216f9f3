using SPFusion.Transforms;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SPFusion.ML.Network;

/// <summary>
/// SSCNN (Liu et al. 2019, MNRAS, doi 10.1093/mnras/sty3020) as the paper's authors' group publishes it
/// (BASELINES.md): two <see cref="SscnnStage"/>s 1 -> 64 and 64 -> 32 channels ([N,32,224]), flatten, Linear
/// 7168 -> H -> ReLU -> Linear H -> 2. H is <see cref="NetworkOptions.SscnnHiddenWidth"/>: 88 (746,954 parameters, the
/// paper's 0.75 M) by default, 1024 in the group's code (7,459,010); the paper does not publish which it trained.
/// Spectrum only; the photometric input is ignored.
/// </summary>
public sealed class SscnnBaseline : StarNetwork
{
#pragma warning disable IDE1006 // field names mirror the PyTorch module names
    internal readonly SpectrumStandardization spectrum_standardization;
    internal readonly ModuleList<SscnnStage> extractor;
    internal readonly TwoLayerRegressionHead fc_structure;
#pragma warning restore IDE1006

    /// <summary>Builds the network with TorchSharp's default initialisation; use <see cref="NetworkFactory"/> for seeded weights.</summary>
    public SscnnBaseline(NetworkOptions options) : base(nameof(SscnnBaseline), options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        spectrum_standardization = new SpectrumStandardization();
        extractor = new ModuleList<SscnnStage>(new SscnnStage(1, 64), new SscnnStage(64, 32));
        long length = SPFusionShapes.SpectrumLength / (SscnnStage.PoolSize * SscnnStage.PoolSize);
        fc_structure = new TwoLayerRegressionHead(32 * length, options.SscnnHiddenWidth, Targets);
        RegisterComponents();
    }

    /// <inheritdoc/>
    public override bool UsesPhotometry => false;

    /// <inheritdoc/>
    public override SpectrumStandardization SpectrumStandardization => spectrum_standardization;

    /// <summary>The two convolutional stages.</summary>
    internal IReadOnlyList<SscnnStage> Stages => [.. extractor];

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
        foreach (var stage in extractor) x = stage.forward(x);
        return new NetworkOutput(fc_structure.forward(x).MoveToOuterDisposeScope(), null, null);
    }
}
