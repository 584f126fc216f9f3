using SPFusion.Transforms;
using static TorchSharp.torch;

namespace SPFusion.ML.Network;

/// <summary>
/// SPFusion's spectral branch as a stand-alone spectrum-only network (<c>--model convnext1d</c>): the SPFusion spectral
/// extractor (559,520 parameters, which the published weights can initialise) and a small convolutional regression head,
/// 566,850 parameters in all. The photometric input is ignored. It is not the paper's ConvNeXt 1D comparison network
/// (four stages, flatten head, 568,338 parameters): that is <see cref="ConvNeXt1DPaperBaseline"/>.
/// </summary>
public sealed class ConvNeXt1DBaseline : StarNetwork
{
#pragma warning disable IDE1006 // field names mirror the authors' PyTorch module names
    internal readonly SpectrumStandardization spectrum_standardization;
    internal readonly ConvNeXt1DExtractor spec_feature_extractor;
    internal readonly ConvRegressionHead classification_head;
#pragma warning restore IDE1006

    /// <summary>Builds the baseline with TorchSharp's default initialisation; use <see cref="NetworkFactory"/> for seeded weights.</summary>
    public ConvNeXt1DBaseline(NetworkOptions options) : base(nameof(ConvNeXt1DBaseline), options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        spectrum_standardization = new SpectrumStandardization();
        spec_feature_extractor = new ConvNeXt1DExtractor(options.ConvNeXtDropout);
        classification_head = new ConvRegressionHead(SPFusionShapes.BranchChannels, Targets);
        RegisterComponents();
    }

    /// <inheritdoc/>
    public override bool UsesPhotometry => false;

    /// <inheritdoc/>
    public override SpectrumStandardization SpectrumStandardization => spectrum_standardization;

    /// <summary>The spectral extractor.</summary>
    internal ConvNeXt1DExtractor SpectralExtractor => spec_feature_extractor;

    /// <summary>The regression head.</summary>
    internal ConvRegressionHead Head => classification_head;

    /// <inheritdoc/>
    public override NetworkOutput forward(Tensor photometric, Tensor spectrum)
    {
        ValidateInputs(photometric, spectrum);
        using var scope = NewDisposeScope();
        var prediction = classification_head.forward(spec_feature_extractor.forward(spectrum_standardization.forward(spectrum)));
        return new NetworkOutput(prediction.MoveToOuterDisposeScope(), null, null);
    }

    /// <inheritdoc/>
    public override TorchSharp.Modules.Linear OutputLayer => classification_head.Output;
}
