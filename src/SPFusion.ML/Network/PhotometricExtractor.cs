using SPFusion.Transforms;
using TorchSharp;
using static TorchSharp.torch;

namespace SPFusion.ML.Network;

/// <summary>
/// The photometric feature extractor: shallow ResNet, channel projection to 32, flatten each channel's 32×32 map to
/// 1024 values, GELU and Linear 1024->28, turning [N,3,128,128] g/r/i cut-outs into x_p [N,32,28].
/// Field names are the authors' (<c>feature_extractor</c>, <c>conv_blk</c>, <c>linear_blk</c>).
/// </summary>
internal sealed class PhotometricExtractor : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // field names mirror the authors' PyTorch module names
    internal readonly ResNet10TBackbone feature_extractor;
    internal readonly PhotometricProjection conv_blk;
    internal readonly TokenProjection linear_blk;
#pragma warning restore IDE1006

    /// <summary>Creates the extractor.</summary>
    public PhotometricExtractor() : base(nameof(PhotometricExtractor))
    {
        feature_extractor = new ResNet10TBackbone();
        conv_blk = new PhotometricProjection(64, 32);
        linear_blk = new TokenProjection(32 * 32, SPFusionShapes.Positions);
        RegisterComponents();
    }

    /// <summary>The shallow ResNet.</summary>
    public ResNet10TBackbone Backbone => feature_extractor;

    /// <summary>The channel projection.</summary>
    public PhotometricProjection Projection => conv_blk;

    /// <summary>GELU and the 1024->28 linear layer.</summary>
    public TokenProjection Tokens => linear_blk;

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = conv_blk.forward(feature_extractor.forward(input));
        x = x.reshape(x.shape[0], x.shape[1], -1);
        return linear_blk.forward(x).MoveToOuterDisposeScope();
    }
}
