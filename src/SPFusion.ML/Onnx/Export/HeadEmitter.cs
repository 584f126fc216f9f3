using SPFusion.ML.Network;

namespace SPFusion.ML.Onnx.Export;

/// <summary>Emits the regression heads: SPFusion's SE head and the baseline's convolutional head.</summary>
internal static class HeadEmitter
{
    /// <summary>Emits the SE head; returns the prediction [N,2] and the channel-attention weights [N,C].</summary>
    public static (string Prediction, string ChannelWeights) SEHead(OnnxGraphBuilder graph, string input, SEHead head, string name)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(head);
        string pooled = graph.AddNode("ReduceMean", [input], $"{name}/se/mean", OnnxAttribute.Ints("axes", 2), OnnxAttribute.Int("keepdims", 0));
        string s = LinearEmitter.Emit(graph, pooled, head.ChannelAttention.Squeeze, $"{name}/se/squeeze");
        s = GeluEmitter.Emit(graph, s, $"{name}/se/gelu");
        s = LinearEmitter.Emit(graph, s, head.ChannelAttention.Excite, $"{name}/se/excite");
        string weights = graph.AddNode("Sigmoid", [s], $"{name}/se/sigmoid");
        string column = graph.AddNode("Unsqueeze", [weights, graph.Int64Vector(2)], $"{name}/se/unsqueeze");
        string scaled = graph.AddNode("Mul", [input, column], $"{name}/se/scale");
        return (ConvolutionalOutput(graph, scaled, head.ConvBlock, head.Output, name), weights);
    }

    /// <summary>Emits the baseline's head: conv + folded BN, mean over length, linear.</summary>
    public static string ConvRegressionHead(OnnxGraphBuilder graph, string input, ConvRegressionHead head, string name)
    {
        ArgumentNullException.ThrowIfNull(head);
        return ConvolutionalOutput(graph, input, head.ConvBlock, head.Output, name);
    }

    private static string ConvolutionalOutput(OnnxGraphBuilder graph, string input, ConvBnSequence conv, TorchSharp.Modules.Linear output, string name)
    {
        string features = NetworkLayerEmitter.ConvBn(graph, input, conv, $"{name}/conv_blk");
        string mean = graph.AddNode("ReduceMean", [features], $"{name}/mean", OnnxAttribute.Ints("axes", 2), OnnxAttribute.Int("keepdims", 0));
        return LinearEmitter.Emit(graph, mean, output, $"{name}/out_linear");
    }
}
