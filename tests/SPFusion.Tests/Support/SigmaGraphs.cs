using Google.Protobuf;
using SPFusion.ML.Onnx.Export;
using SPFusion.Transforms;

namespace SPFusion.Tests.Support;

/// <summary>
/// Tiny hand-built SPFusion-shaped ONNX graphs (spectrum in, <c>prediction</c> out) that can also output an uncertainty,
/// for testing the readers without an ensemble: prediction = x W + b, sigma = |x V| + 0.01 on the flattened spectrum.
/// </summary>
internal static class SigmaGraphs
{
    /// <summary>The graph's bytes; <paramref name="sigmaOutputs"/> names the [N,2] outputs holding the sigma (none: a model without uncertainty).</summary>
    public static byte[] Linear(int seed, params string[] sigmaOutputs)
    {
        var rng = new Random(seed);
        float[] Weights(int n, float scale) => Enumerable.Range(0, n).Select(_ => (rng.NextSingle() - 0.5f) * scale).ToArray();
        var graph = new OnnxGraphBuilder("sigma-test");
        string x = graph.AddInput(SPFusionOnnxNames.SpectrumInput, 1, SPFusionShapes.SpectrumLength);
        string flat = graph.AddNode("Flatten", [x], "flatten", OnnxAttribute.Int("axis", 1));
        string w = graph.AddInitializer("w", Weights(SPFusionShapes.SpectrumLength * 2, 0.01f), [SPFusionShapes.SpectrumLength, 2]);
        string b = graph.AddInitializer("b", [1.2f, 4.5f], [2]);
        string prediction = graph.AddNode("Add", [graph.AddNode("MatMul", [flat, w], "matmul"), b], "bias");
        graph.AddOutput(prediction, SPFusionOnnxNames.PredictionOutput, 2);
        if (sigmaOutputs.Length > 0)
        {
            string v = graph.AddInitializer("v", Weights(SPFusionShapes.SpectrumLength * 2, 0.002f), [SPFusionShapes.SpectrumLength, 2]);
            string sigma = graph.AddNode("Add", [graph.AddNode("Abs", [graph.AddNode("MatMul", [flat, v], "matmul_sigma")], "abs"), graph.Scalar(0.01f)], "floor");
            foreach (string name in sigmaOutputs)
                graph.AddOutput(graph.AddNode("Identity", [sigma], "copy_" + name), name, 2);
        }
        return graph.Build("test").ToByteArray();
    }
}
