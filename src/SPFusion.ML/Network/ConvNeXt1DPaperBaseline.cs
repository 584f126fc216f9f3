using static TorchSharp.torch;

namespace SPFusion.ML.Network;

/// <summary>
/// The paper's ConvNeXt 1D comparison network as its authors' group publishes it (BASELINES.md): the 1->64 patchifying
/// stem, four stages of three ConvNeXt blocks (64 -> 128 -> 32 -> 16 channels, [N,16,14]) and a flatten + Linear
/// 224 -> 2 head, 568,338 parameters. Spectrum only; the photometric input is ignored. Not
/// <see cref="ConvNeXt1DBaseline"/>, which is SPFusion's spectral branch with a convolutional head.
/// </summary>
public sealed class ConvNeXt1DPaperBaseline : StarNetwork
{
#pragma warning disable IDE1006 // field names mirror the PyTorch module names
    internal readonly SpectrumStandardization spectrum_standardization;
    internal readonly ConvNeXt1DExtractor spec_feature_extractor;
    internal readonly FlattenRegressionHead head;
#pragma warning restore IDE1006

    /// <summary>Builds the network with TorchSharp's default initialisation; use <see cref="NetworkFactory"/> for seeded weights.</summary>
    public ConvNeXt1DPaperBaseline(NetworkOptions options) : base(nameof(ConvNeXt1DPaperBaseline), options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        spectrum_standardization = new SpectrumStandardization();
        spec_feature_extractor = new ConvNeXt1DExtractor(options.ConvNeXtDropout, ConvNeXt1DExtractor.PaperStages);
        head = new FlattenRegressionHead(16 * 14, Targets);
        RegisterComponents();
    }

    /// <inheritdoc/>
    public override bool UsesPhotometry => false;

    /// <inheritdoc/>
    public override SpectrumStandardization SpectrumStandardization => spectrum_standardization;

    /// <summary>The four-stage extractor.</summary>
    internal ConvNeXt1DExtractor SpectralExtractor => spec_feature_extractor;

    /// <summary>The flatten + Linear head.</summary>
    internal FlattenRegressionHead Head => head;

    /// <inheritdoc/>
    public override TorchSharp.Modules.Linear OutputLayer => head.Output;

    /// <inheritdoc/>
    public override NetworkOutput forward(Tensor photometric, Tensor spectrum)
    {
        ValidateInputs(photometric, spectrum);
        using var scope = NewDisposeScope();
        var prediction = head.forward(spec_feature_extractor.forward(spectrum_standardization.forward(spectrum)));
        return new NetworkOutput(prediction.MoveToOuterDisposeScope(), null, null);
    }
}
