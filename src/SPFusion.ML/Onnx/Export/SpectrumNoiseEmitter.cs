using SPFusion.ML.Network;
using SPFusion.Transforms;

namespace SPFusion.ML.Onnx.Export;

/// <summary>Emits <see cref="SpectrumNoise.LogLevel"/>: the prepared spectrum's log noise level [N,1] for the heteroscedastic head.</summary>
internal static class SpectrumNoiseEmitter
{
    /// <summary>Emits the level of <paramref name="spectrum"/> ([N,1,3584], the graph's prepared spectrum input).</summary>
    public static string Emit(OnnxGraphBuilder graph, string spectrum, string name)
    {
        ArgumentNullException.ThrowIfNull(graph);
        const long length = SPFusionShapes.SpectrumLength, s = SpectrumNoise.Spacing;
        string axis = graph.Int64Vector(2);
        string Window(long start, string part) =>
            graph.AddNode("Slice", [spectrum, graph.Int64Vector(start), graph.Int64Vector(start + length - (2 * s)), axis], $"{name}/{part}");
        string centre = Window(s, "centre"), left = Window(0, "left"), right = Window(2 * s, "right");
        string twice = graph.AddNode("Mul", [centre, graph.Scalar(2f)], $"{name}/twice");
        string difference = graph.AddNode("Sub", [graph.AddNode("Sub", [twice, left], $"{name}/minus_left"), right], $"{name}/difference");
        string absolute = graph.AddNode("Abs", [difference], $"{name}/abs");
        string mean = graph.AddNode("ReduceMean", [absolute], $"{name}/mean", OnnxAttribute.Ints("axes", 2), OnnxAttribute.Int("keepdims", 0));
        string floored = graph.AddNode("Add", [mean, graph.Scalar(SpectrumNoise.Floor)], $"{name}/floor");
        return graph.AddNode("Log", [floored], $"{name}/log");
    }
}
