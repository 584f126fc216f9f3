using TorchSharp;
using static TorchSharp.torch;

namespace SPFusion.ML.Network;

/// <summary>
/// A transformer block's second sub-layer without its residual: channel LayerNorm then the point-wise stack
/// (authors' <c>ffn.ln</c> and <c>ffn.ffn</c>). The residual is the block's business because the last MetaFormer block has none.
/// </summary>
internal sealed class FeedForward : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // field names mirror the authors' PyTorch module names
    internal readonly ChannelLayerNorm ln;
    internal readonly FeedForwardStack ffn;
#pragma warning restore IDE1006

    /// <summary>Creates the sub-layer.</summary>
    public FeedForward(long channels, long hiddenChannels, long? lengthMap, double dropout) : base(nameof(FeedForward))
    {
        ln = new ChannelLayerNorm(channels);
        ffn = new FeedForwardStack(channels, hiddenChannels, lengthMap, dropout);
        RegisterComponents();
    }

    /// <summary>The LayerNorm.</summary>
    public ChannelLayerNorm Norm => ln;

    /// <summary>The point-wise stack.</summary>
    public FeedForwardStack Stack => ffn;

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        using var normalised = ln.forward(input);
        return ffn.forward(normalised);
    }
}
