namespace SPFusion.ML.Onnx.Export;

/// <summary>
/// Exact (erf) GELU as x * 0.5 * (1 + erf(x / sqrt 2)), node for node the pattern ONNX Runtime's
/// GeluFusion recognises, so it runs as one fused kernel without leaving the default opset domain.
/// </summary>
internal static class GeluEmitter
{
    /// <summary>sqrt(2) rounded to float32, the divisor PyTorch's exporter writes.</summary>
    public const float Sqrt2 = 1.4142135f;

    /// <summary>Emits GELU(<paramref name="input"/>); returns the output value.</summary>
    public static string Emit(OnnxGraphBuilder graph, string input, string name)
    {
        ArgumentNullException.ThrowIfNull(graph);
        string scaled = graph.AddNode("Div", [input, graph.Scalar(Sqrt2)], name + "/Div");
        string erf = graph.AddNode("Erf", [scaled], name + "/Erf");
        string onePlus = graph.AddNode("Add", [erf, graph.Scalar(1f)], name + "/Add");
        string product = graph.AddNode("Mul", [input, onePlus], name + "/Mul");
        return graph.AddNode("Mul", [product, graph.Scalar(0.5f)], name + "/Mul_half");
    }
}
