namespace SPFusion.ML.Onnx.Export;

/// <summary>
/// The release's "softmax plus one" over the last axis, exp(s - max) / (1 + sum exp(s - max)): an implicit
/// extra zero-logit slot lets a row of attention weights sum to less than one.
/// </summary>
internal static class SoftmaxPlusOneEmitter
{
    /// <summary>Emits the normalisation of <paramref name="scores"/>; returns the weights.</summary>
    public static string Emit(OnnxGraphBuilder graph, string scores, string name)
    {
        ArgumentNullException.ThrowIfNull(graph);
        string max = graph.AddNode("ReduceMax", [scores], name + "/ReduceMax", OnnxAttribute.Ints("axes", -1), OnnxAttribute.Int("keepdims", 1));
        string shifted = graph.AddNode("Sub", [scores, max], name + "/Sub");
        string exp = graph.AddNode("Exp", [shifted], name + "/Exp");
        string sum = graph.AddNode("ReduceSum", [exp, graph.Int64Vector(-1)], name + "/ReduceSum", OnnxAttribute.Int("keepdims", 1));
        string denominator = graph.AddNode("Add", [sum, graph.Scalar(1f)], name + "/Add");
        return graph.AddNode("Div", [exp, denominator], name + "/Div");
    }
}
