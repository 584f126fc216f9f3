using SPFusion.ML.Network;

namespace SPFusion.ML.Onnx.Export;

/// <summary>Emits the fusion transformer block (channel attention + feed-forward) and the MetaFormer blocks.</summary>
internal static class TransformerBlockEmitter
{
    /// <summary>Emits the fusion transformer block; returns the block output and the attention weights [N,h,C,C].</summary>
    public static (string Output, string Attention) FusionBlock(OnnxGraphBuilder graph, string input, FusionTransformerBlock block, long length, string name)
    {
        ArgumentNullException.ThrowIfNull(block);
        var (mixed, attention) = ChannelAttention(graph, input, block.Attention, length, $"{name}/mhsa");
        string x = graph.AddNode("Add", [input, mixed], $"{name}/attention_residual");
        string y = FeedForward(graph, x, block.FeedForward, $"{name}/ffn");
        return (graph.AddNode("Add", [x, y], $"{name}/ffn_residual"), attention);
    }

    /// <summary>
    /// Channel attention as the release wires it: one shared normalisation, q/k/v affine steps (1/sqrt(L/h) folded
    /// into q), Reshape to [N,h,C,L/h], "softmax plus one" over C x C per head, then attention @ v, Transpose(0,2,1,3)
    /// (omitted for one head, where it moves nothing) and Reshape back to [N,C,L]. Drop-path on the attention map vanishes in
    /// eval mode (see <see cref="OnnxGraphBuilder.Drop"/>); the returned map is the one before it, as the network returns it.
    /// </summary>
    public static (string Output, string Attention) ChannelAttention(OnnxGraphBuilder graph, string input, ChannelAttention attention, long length, string name)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(attention);
        var (lnQ, lnK, lnV) = attention.Norms;
        if (lnQ.Epsilon != lnK.Epsilon || lnQ.Epsilon != lnV.Epsilon)
            throw new NotSupportedException($"{name}: q, k and v LayerNorms with different epsilons cannot share one normalisation");
        long channels = attention.Channels, heads = attention.Heads, headLength = attention.HeadLength(length);
        string normalized = ChannelLayerNormEmitter.Normalize(graph, input, lnQ.Epsilon, $"{name}/ln");
        string q = NetworkLayerEmitter.LayerNormAffine(graph, normalized, lnQ, $"{name}/ln_q", 1 / Math.Sqrt(headLength));
        string k = NetworkLayerEmitter.LayerNormAffine(graph, normalized, lnK, $"{name}/ln_k");
        string v = NetworkLayerEmitter.LayerNormAffine(graph, normalized, lnV, $"{name}/ln_v");
        string headShape = graph.Int64Vector(0, heads, channels, headLength);
        q = graph.AddNode("Reshape", [q, headShape], $"{name}/q_heads");
        k = graph.AddNode("Reshape", [k, headShape], $"{name}/k_heads");
        v = graph.AddNode("Reshape", [v, headShape], $"{name}/v_heads");
        string kT = graph.AddNode("Transpose", [k], $"{name}/k_transposed", OnnxAttribute.Ints("perm", 0, 1, 3, 2));
        string scores = graph.AddNode("MatMul", [q, kT], $"{name}/scores");
        string weights = SoftmaxPlusOneEmitter.Emit(graph, scores, $"{name}/softmax_plus_one");
        string dropped = graph.Drop(weights, attention.drop_path, $"{name}/drop_path");
        string mixed = graph.AddNode("MatMul", [dropped, v], $"{name}/mix");
        // With one head the transpose only moves a size-1 axis, so the memory order is already right.
        if (heads > 1) mixed = graph.AddNode("Transpose", [mixed], $"{name}/heads_last", OnnxAttribute.Ints("perm", 0, 2, 1, 3));
        string output = graph.AddNode("Reshape", [mixed, graph.Int64Vector(0, channels, length)], $"{name}/merge_heads");
        return (output, weights);
    }

    /// <summary>Emits a MetaFormer block: x + AvgPool(x), then the feed-forward, with a residual unless it is the last block.</summary>
    public static string MetaFormer(OnnxGraphBuilder graph, string input, MetaFormerBlock block, string name)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(block);
        string pooled = PoolEmitter.AvgPool1d(graph, input, kernel: 3, stride: 1, padding: 1, countIncludePad: false, $"{name}/mhsa");
        string x = graph.AddNode("Add", [input, pooled], $"{name}/mixer_residual");
        string y = FeedForward(graph, x, block.FeedForward, $"{name}/ffn");
        return block.IsLast ? y : graph.AddNode("Add", [x, y], $"{name}/ffn_residual");
    }

    /// <summary>Emits LN, pointwise expand, GELU, pointwise contract and the optional bias-free length map, then dropout (vanishes in eval mode).</summary>
    public static string FeedForward(OnnxGraphBuilder graph, string input, FeedForward feedForward, string name)
    {
        ArgumentNullException.ThrowIfNull(feedForward);
        string x = NetworkLayerEmitter.LayerNorm(graph, input, feedForward.Norm, $"{name}/ln");
        x = ConvEmitter.Emit(graph, x, feedForward.Stack.Expand, $"{name}/expand");
        x = GeluEmitter.Emit(graph, x, $"{name}/gelu");
        x = ConvEmitter.Emit(graph, x, feedForward.Stack.Contract, $"{name}/contract");
        if (feedForward.Stack.LengthMap is not null) x = LinearEmitter.Emit(graph, x, feedForward.Stack.LengthMap, $"{name}/length_map");
        return graph.Drop(x, feedForward.Stack.dropout, $"{name}/dropout");
    }
}
