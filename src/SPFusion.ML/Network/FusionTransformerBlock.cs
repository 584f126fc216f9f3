using SPFusion.ML.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace SPFusion.ML.Network;

/// <summary>
/// The fusion transformer block on the concatenated [N,96,28] features: channel attention with "softmax plus one"
/// and a drop-path on the attention map, then <c>x + Dropout(FFN(LN(x)))</c> with expansion r (4 published).
/// Field names (<c>mhsa</c>, <c>ffn</c>) are the authors'.
/// </summary>
internal sealed class FusionTransformerBlock : nn.Module<Tensor, (Tensor Output, Tensor Attention)>
{
#pragma warning disable IDE1006 // field names mirror the authors' PyTorch module names
    internal readonly ChannelAttention mhsa;
    internal readonly FeedForward ffn;
#pragma warning restore IDE1006

    /// <summary>Creates the block.</summary>
    public FusionTransformerBlock(long channels, int heads, int expansion, double dropPath, double dropout) : base(nameof(FusionTransformerBlock))
    {
        mhsa = new ChannelAttention(channels, heads, dropPath);
        ffn = new FeedForward(channels, expansion * channels, null, dropout);
        RegisterComponents();
    }

    /// <summary>The channel attention.</summary>
    public ChannelAttention Attention => mhsa;

    /// <summary>The feed-forward sub-layer.</summary>
    public FeedForward FeedForward => ffn;

    /// <summary>Returns the block output [N,C,L] and the attention map [N,h,C,C].</summary>
    public override (Tensor Output, Tensor Attention) forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var (mixed, attention) = mhsa.forward(input);
        var x = input.Plus(mixed);
        x = x.Plus(ffn.forward(x));
        return (x.MoveToOuterDisposeScope(), attention.MoveToOuterDisposeScope());
    }
}
