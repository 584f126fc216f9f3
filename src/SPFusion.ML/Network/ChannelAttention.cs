using SPFusion.ML.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace SPFusion.ML.Network;

/// <summary>
/// Attention between channels (the fusion transformer block's token mixer): q, k, v are three channel LayerNorms of
/// the input, with no projections; <c>w = softmax1((q/√d) kᵀ)</c> where "softmax plus one" is
/// <c>exp(s - max) / (1 + Σ exp(s - max))</c> exactly as the release computes it, so a channel may attend to nothing.
/// Heads follow the release's wiring (its ONNX graph: Reshape to [N,h,C,L/h], Transpose(0,2,1,3) after w @ v):
/// q, k, v [N,C,L] are reshaped in memory order to [N,h,C,d] with d = L/h, each head computes a C x C attention
/// scaled by 1/√d, and w @ v [N,h,C,d] is transposed to [N,C,h,d] and reshaped to [N,C,L]. For h > 1 the input
/// reshape is a plain view, so head g's row r holds length segment (gC + r) mod h of channel ⌊(gC + r)/h⌋, while
/// the merge writes it back to segment g of channel r; the release does the same, so it is kept. One head (published)
/// is the plain C x C attention with scale 1/√L. Field names <c>ln_q</c>, <c>ln_k</c>, <c>ln_v</c> are the authors'.
/// </summary>
internal sealed class ChannelAttention : nn.Module<Tensor, (Tensor Output, Tensor Attention)>
{
#pragma warning disable IDE1006 // field names mirror the authors' PyTorch module names
    internal readonly ChannelLayerNorm ln_q;
    internal readonly ChannelLayerNorm ln_k;
    internal readonly ChannelLayerNorm ln_v;
    internal readonly DropPath drop_path;
#pragma warning restore IDE1006

    /// <summary>
    /// Creates the mixer on <paramref name="channels"/> channels with <paramref name="heads"/> heads; the heads split
    /// the length axis, so <paramref name="heads"/> must divide the input length (checked on each forward).
    /// </summary>
    public ChannelAttention(long channels, int heads, double dropPath) : base(nameof(ChannelAttention))
    {
        if (channels < 1) throw new ArgumentOutOfRangeException(nameof(channels), channels, "channels must be positive");
        if (heads < 1) throw new ArgumentOutOfRangeException(nameof(heads), heads, "heads must be positive");
        Channels = channels;
        Heads = heads;
        ln_q = new ChannelLayerNorm(channels);
        ln_k = new ChannelLayerNorm(channels);
        ln_v = new ChannelLayerNorm(channels);
        drop_path = new DropPath(dropPath);
        RegisterComponents();
    }

    /// <summary>Input channels C.</summary>
    public long Channels { get; }

    /// <summary>Attention heads h; each sees C rows of L/h positions.</summary>
    public int Heads { get; }

    /// <summary>The query, key and value norms.</summary>
    public (ChannelLayerNorm Query, ChannelLayerNorm Key, ChannelLayerNorm Value) Norms => (ln_q, ln_k, ln_v);

    /// <summary>Per-head length d = L/h, the release's head dimension; also fixes the score scale 1/√d.</summary>
    /// <exception cref="ArgumentException"><paramref name="length"/> is not a positive multiple of <see cref="Heads"/>.</exception>
    public long HeadLength(long length)
    {
        if (length < 1 || length % Heads != 0)
            throw new ArgumentException($"input length {length} is not divisible by the {Heads} attention heads", nameof(length));
        return length / Heads;
    }

    /// <summary>
    /// Returns the mixed features <c>DropPath(w) @ v</c> [N,C,L] (the caller adds the residual) and the attention map
    /// w [N,h,C,C] before drop-path.
    /// </summary>
    public override (Tensor Output, Tensor Attention) forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var scope = NewDisposeScope();
        long n = input.shape[0], c = input.shape[1], length = input.shape[2];
        long d = HeadLength(length);
        var q = ln_q.forward(input).reshape(n, Heads, c, d);
        var k = ln_k.forward(input).reshape(n, Heads, c, d);
        var v = ln_v.forward(input).reshape(n, Heads, c, d);
        var scores = q.DividedBy(Math.Sqrt(d)).matmul(k.transpose(-2, -1));
        var shifted = (scores - scores.amax([-1], keepdim: true)).exp();
        var attention = shifted / shifted.sum([-1], keepdim: true).Plus(1.0);
        var output = drop_path.forward(attention).matmul(v).transpose(1, 2).reshape(n, c, length);
        return (output.MoveToOuterDisposeScope(), attention.MoveToOuterDisposeScope());
    }
}
