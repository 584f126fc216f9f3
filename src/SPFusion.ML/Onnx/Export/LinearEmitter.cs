using TorchSharp.Modules;

namespace SPFusion.ML.Onnx.Export;

/// <summary>A linear layer on the last axis as MatMul with the weight transposed once at export time (plus Add for the bias).</summary>
internal static class LinearEmitter
{
    /// <summary>Emits <paramref name="linear"/> applied to the last axis of <paramref name="input"/>.</summary>
    public static string Emit(OnnxGraphBuilder graph, string input, Linear linear, string name)
    {
        ArgumentNullException.ThrowIfNull(linear);
        return Emit(graph, input, TensorValues.ToFloats(linear.weight!), linear.in_features, linear.out_features,
            linear.bias is null ? null : TensorValues.ToFloats(linear.bias), name);
    }

    /// <summary>Emits x @ W^T + b for a PyTorch-layout weight [out, in].</summary>
    public static string Emit(OnnxGraphBuilder graph, string input, float[] weight, long inFeatures, long outFeatures, float[]? bias, string name)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(weight);
        if (weight.Length != inFeatures * outFeatures)
            throw new ArgumentException($"{name}: weight has {weight.Length} values, expected {outFeatures}x{inFeatures}", nameof(weight));
        var transposed = new float[weight.Length];
        for (long o = 0; o < outFeatures; o++)
        {
            for (long i = 0; i < inFeatures; i++)
                transposed[i * outFeatures + o] = weight[o * inFeatures + i];
        }
        string w = graph.AddInitializer(name + ".weight_t", transposed, [inFeatures, outFeatures]);
        string product = graph.AddNode("MatMul", [input, w], name + "/MatMul");
        if (bias is null) return product;
        string b = graph.AddInitializer(name + ".bias", bias, [outFeatures]);
        return graph.AddNode("Add", [product, b], name + "/Add");
    }
}
