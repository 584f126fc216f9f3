using TorchSharp;
using static TorchSharp.torch;

namespace SPFusion.ML.Network;

/// <summary>
/// Attention between channels (the fusion transformer block's token mixer): q, k, v are three channel LayerNorms of
/// the input, with no projections; <c>w = softmax1((q/√L) kᵀ)</c> where "softmax plus one" is
/// <c>exp(s - max) / (1 + Σ exp(s - max))</c> exactly as the release computes it, so a channel may attend to nothing.
/// With h heads the C channels are split into h consecutive groups of C/h and each group attends within itself
/// (this project's multi-head ablation; the published model has one head). Field names <c>ln_q</c>, <c>ln_k</c>, <c>ln_v</c> are the authors'.
/// </summary>
public sealed class ChannelAttention : nn.Module<Tensor, (Tensor Output, Tensor Attention)>
{
#pragma warning disable IDE1006 // field names mirror the authors' PyTorch module names
    internal readonly ChannelLayerNorm ln_q;
    internal readonly ChannelLayerNorm ln_k;
    internal readonly ChannelLayerNorm ln_v;
    internal readonly DropPath drop_path;
#pragma warning restore IDE1006

    /// <summary>Creates the mixer on <paramref name="channels"/> channels and <paramref name="heads"/> channel groups.</summary>
    public ChannelAttention(long channels, int heads, double dropPath) : base(nameof(ChannelAttention))
    {
        if (heads < 1 || channels % heads != 0)
            throw new ArgumentOutOfRangeException(nameof(heads), heads, $"heads must be a positive divisor of the {channels} fused channels");
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

    /// <summary>Channel groups that attend separately.</summary>
    public int Heads { get; }

    /// <summary>The query, key and value norms.</summary>
    public (ChannelLayerNorm Query, ChannelLayerNorm Key, ChannelLayerNorm Value) Norms => (ln_q, ln_k, ln_v);

    /// <summary>
    /// Returns the mixed features <c>DropPath(w) @ v</c> [N,C,L] (the caller adds the residual) and the attention map
    /// w [N,h,C/h,C/h] before drop-path.
    /// </summary>
    public override (Tensor Output, Tensor Attention) forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        long n = input.shape[0], c = input.shape[1], length = input.shape[2];
        long group = c / Heads;
        var q = ln_q.forward(input).reshape(n, Heads, group, length);
        var k = ln_k.forward(input).reshape(n, Heads, group, length);
        var v = ln_v.forward(input).reshape(n, Heads, group, length);
        var scores = (q / Math.Sqrt(length)).matmul(k.transpose(-2, -1));
        var shifted = (scores - scores.amax([-1], keepdim: true)).exp();
        var attention = shifted / (shifted.sum([-1], keepdim: true) + 1);
        var output = drop_path.forward(attention).matmul(v).reshape(n, c, length);
        return (output.MoveToOuterDisposeScope(), attention.MoveToOuterDisposeScope());
    }
}
