namespace SPFusion.ML.Onnx.Export;

/// <summary>
/// LayerNorm over the channel axis of [N,C,L] (mean and biased variance over C). ONNX's LayerNormalization
/// normalises trailing axes only, so the normalisation is spelled out; it is split in two so that several
/// norms of the same input (the attention's q, k and v) share one normalisation.
/// </summary>
internal static class ChannelLayerNormEmitter
{
    /// <summary>Emits (x - mean_C(x)) / sqrt(var_C(x) + <paramref name="eps"/>); returns the normalised value.</summary>
    public static string Normalize(OnnxGraphBuilder graph, string input, double eps, string name)
    {
        ArgumentNullException.ThrowIfNull(graph);
        string mean = graph.AddNode("ReduceMean", [input], name + "/ReduceMean", OnnxAttribute.Ints("axes", 1), OnnxAttribute.Int("keepdims", 1));
        string centred = graph.AddNode("Sub", [input, mean], name + "/Sub");
        string squared = graph.AddNode("Mul", [centred, centred], name + "/Square");
        string variance = graph.AddNode("ReduceMean", [squared], name + "/ReduceMean_var", OnnxAttribute.Ints("axes", 1), OnnxAttribute.Int("keepdims", 1));
        string shifted = graph.AddNode("Add", [variance, graph.Scalar((float)eps)], name + "/AddEps");
        string std = graph.AddNode("Sqrt", [shifted], name + "/Sqrt");
        return graph.AddNode("Div", [centred, std], name + "/Div");
    }

    /// <summary>
    /// Emits the learnable per-channel affine step on a normalised value, optionally multiplied by a constant
    /// <paramref name="outputScale"/> folded into weight and bias (e.g. the attention's 1/sqrt(d)).
    /// </summary>
    public static string Affine(OnnxGraphBuilder graph, string normalized, float[] weight, float[] bias, string name, double outputScale = 1.0)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(weight);
        ArgumentNullException.ThrowIfNull(bias);
        if (weight.Length != bias.Length) throw new ArgumentException($"{name}: weight has {weight.Length} channels, bias {bias.Length}", nameof(bias));
        float[] w = outputScale == 1.0 ? weight : weight.Select(v => (float)(v * outputScale)).ToArray();
        float[] b = outputScale == 1.0 ? bias : bias.Select(v => (float)(v * outputScale)).ToArray();
        string wName = graph.AddInitializer(name + ".weight", w, [w.Length, 1]);
        string bName = graph.AddInitializer(name + ".bias", b, [b.Length, 1]);
        string scaled = graph.AddNode("Mul", [normalized, wName], name + "/Mul");
        return graph.AddNode("Add", [scaled, bName], name + "/Add");
    }

    /// <summary>Normalisation followed by the affine step.</summary>
    public static string Emit(OnnxGraphBuilder graph, string input, float[] weight, float[] bias, double eps, string name) =>
        Affine(graph, Normalize(graph, input, eps, name), weight, bias, name);
}
