using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SPFusion.ML.Network;

/// <summary>
/// The paper's image-only comparison network ResNet10-T (BASELINES.md): timm's <c>resnet10t</c> trunk (four stages,
/// [N,3,128,128] -> [N,512,4,4], 4,922,488 parameters), global average pooling and a two-layer head
/// 512 -> H -> ReLU -> 2 with H = <see cref="NetworkOptions.ResNet10THeadWidth"/> (48: 4,947,210 parameters, the paper's
/// 4.95 M). Photometry only: the spectrum input is ignored (it may be empty), the exported graph takes only
/// <c>photometric</c>, and <see cref="SpectrumStandardization"/> is null.
/// </summary>
public sealed class ResNet10TImageBaseline : StarNetwork
{
#pragma warning disable IDE1006 // field names mirror the PyTorch module names
    internal readonly ResNet10TBackbone feature_extractor;
    internal readonly TwoLayerRegressionHead head;
#pragma warning restore IDE1006

    /// <summary>Builds the network with TorchSharp's default initialisation; use <see cref="NetworkFactory"/> for seeded weights.</summary>
    public ResNet10TImageBaseline(NetworkOptions options) : base(nameof(ResNet10TImageBaseline), options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        feature_extractor = new ResNet10TBackbone(4);
        head = new TwoLayerRegressionHead(feature_extractor.OutputChannels, options.ResNet10THeadWidth, Targets);
        RegisterComponents();
    }

    /// <inheritdoc/>
    public override bool UsesPhotometry => true;

    /// <inheritdoc/>
    public override bool UsesSpectrum => false;

    /// <inheritdoc/>
    public override SpectrumStandardization? SpectrumStandardization => null;

    /// <summary>The four-stage trunk.</summary>
    internal ResNet10TBackbone Backbone => feature_extractor;

    /// <summary>The two-layer head on the pooled features.</summary>
    internal TwoLayerRegressionHead Head => head;

    /// <inheritdoc/>
    public override Linear OutputLayer => head.Output;

    /// <inheritdoc/>
    public override NetworkOutput forward(Tensor photometric, Tensor spectrum)
    {
        ValidateInputs(photometric, spectrum);
        using var scope = NewDisposeScope();
        var pooled = feature_extractor.forward(photometric).mean([2, 3]);
        return new NetworkOutput(head.forward(pooled).MoveToOuterDisposeScope(), null, null);
    }
}
