using SPFusion.ML.Network;

namespace SPFusion.ML.Onnx.Export;

/// <summary>Emits the regression heads: SPFusion's SE head, the spectral branch's convolutional head and the comparison networks' linear heads.</summary>
internal static class HeadEmitter
{
    /// <summary>
    /// Emits the SE head; returns the prediction [N,2], the channel-attention weights [N,C] and, with the heteroscedastic
    /// head, the predicted standard deviations [N,2] = exp(s / 2) of its log-variances s, which read the noise level of
    /// <paramref name="spectrum"/> (the graph's prepared spectrum input).
    /// </summary>
    public static (string Prediction, string ChannelWeights, string? PredictedSigma) SEHead(OnnxGraphBuilder graph, string input, SEHead head, string name, string spectrum)
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
        string pooledFeatures = PooledFeatures(graph, scaled, head.ConvBlock, name);
        string prediction = LinearEmitter.Emit(graph, pooledFeatures, head.Output, $"{name}/out_linear");
        if (head.LogVariance is not { } logVarianceLayer) return (prediction, weights, null);
        string noise = SpectrumNoiseEmitter.Emit(graph, spectrum, $"{name}/spectrum_noise");
        string features = graph.AddNode("Concat", [pooledFeatures, noise], $"{name}/variance_features", OnnxAttribute.Int("axis", 1));
        string logVariance = LinearEmitter.Emit(graph, features, logVarianceLayer, $"{name}/log_variance");
        string halfLogVariance = graph.AddNode("Mul", [logVariance, graph.Scalar(0.5f)], $"{name}/half_log_variance");
        return (prediction, weights, graph.AddNode("Exp", [halfLogVariance], $"{name}/predicted_sigma"));
    }

    /// <summary>Emits the baseline's head: conv + folded BN, mean over length, linear.</summary>
    public static string ConvRegressionHead(OnnxGraphBuilder graph, string input, ConvRegressionHead head, string name)
    {
        ArgumentNullException.ThrowIfNull(head);
        return ConvolutionalOutput(graph, input, head.ConvBlock, head.Output, name);
    }

    /// <summary>Emits flatten + Linear (the paper's ConvNeXt 1D head).</summary>
    public static string FlattenRegressionHead(OnnxGraphBuilder graph, string input, FlattenRegressionHead head, string name)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(head);
        string flat = Flatten(graph, input, name);
        return LinearEmitter.Emit(graph, flat, head.Output, $"{name}/out_linear");
    }

    /// <summary>Emits flatten, Linear, ReLU, Linear (RAC-Net, SSCNN and ResNet10-T heads); a 2-D input is already flat.</summary>
    public static string TwoLayerRegressionHead(OnnxGraphBuilder graph, string input, TwoLayerRegressionHead head, string name, bool flatten = true)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(head);
        string x = flatten ? Flatten(graph, input, name) : input;
        x = LinearEmitter.Emit(graph, x, head.Hidden, $"{name}/0");
        x = graph.AddNode("Relu", [x], $"{name}/1");
        return LinearEmitter.Emit(graph, x, head.Output, $"{name}/2");
    }

    // [N,C,L] -> [N,C*L] with a constant shape, the batch copied with 0 (no Shape/Gather chain).
    private static string Flatten(OnnxGraphBuilder graph, string input, string name) =>
        graph.AddNode("Reshape", [input, graph.Int64Vector(0, -1)], $"{name}/flatten");

    private static string ConvolutionalOutput(OnnxGraphBuilder graph, string input, ConvBnSequence conv, TorchSharp.Modules.Linear output, string name) =>
        LinearEmitter.Emit(graph, PooledFeatures(graph, input, conv, name), output, $"{name}/out_linear");

    // conv + folded BN, then the mean over length: the features every output layer of a convolutional head reads.
    private static string PooledFeatures(OnnxGraphBuilder graph, string input, ConvBnSequence conv, string name)
    {
        string features = NetworkLayerEmitter.ConvBn(graph, input, conv, $"{name}/conv_blk");
        return graph.AddNode("ReduceMean", [features], $"{name}/mean", OnnxAttribute.Ints("axes", 2), OnnxAttribute.Int("keepdims", 0));
    }
}
