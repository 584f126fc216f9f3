using Google.Protobuf;
using SPFusion.ML.Onnx.Export;
using TorchSharp;
using static TorchSharp.torch;

namespace SPFusion.Tests.Onnx.Export;

/// <summary>Runs small hand-built graphs in ONNX Runtime and compares them with TorchSharp.</summary>
internal static class OnnxTestSupport
{
    public const double Tolerance = 1e-5;

    /// <summary>Builds a graph with one input "x" [N, inDims...], lets <paramref name="emit"/> add the block, runs it on <paramref name="x"/>.</summary>
    public static float[] RunBlock(Tensor x, long[] outDimsAfterBatch, Func<OnnxGraphBuilder, string, string> emit)
    {
        var graph = new OnnxGraphBuilder("block");
        string input = graph.AddInput("x", x.shape[1..]);
        string output = emit(graph, input);
        graph.AddOutput(output, "y", outDimsAfterBatch);
        byte[] bytes = graph.Build("test").ToByteArray();
        using var runner = new OnnxModelRunner(bytes, intraOpThreads: 1);
        var result = runner.Run(new Dictionary<string, (float[], long[])> { ["x"] = (TensorValues.ToFloats(x), x.shape) });
        var (values, shape) = result["y"];
        Assert.Equal([x.shape[0], .. outDimsAfterBatch], shape);
        return values;
    }

    /// <summary>Asserts element-wise |expected - actual| ≤ tolerance and reports the worst index.</summary>
    public static void AssertClose(Tensor expected, float[] actual, string what, double tolerance = Tolerance) =>
        AssertClose(TensorValues.ToFloats(expected), actual, what, tolerance);

    public static void AssertClose(float[] expected, float[] actual, string what, double tolerance = Tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        double worst = 0;
        int at = -1;
        for (int i = 0; i < expected.Length; i++)
        {
            double d = Math.Abs((double)expected[i] - actual[i]);
            if (double.IsNaN(d) || d > worst) { worst = double.IsNaN(d) ? double.PositiveInfinity : d; at = i; }
        }
        Assert.True(worst <= tolerance, $"{what}: max |diff| {worst:E3} at flat index {at} (expected {(at >= 0 ? expected[at] : 0)}, got {(at >= 0 ? actual[at] : 0)}) exceeds {tolerance:E1}");
    }

    /// <summary>Gives a batch norm non-trivial affine parameters and running statistics.</summary>
    public static void Randomize(TorchSharp.Modules.BatchNorm norm)
    {
        using var noGrad = no_grad();
        long c = norm.num_features;
        norm.weight!.copy_(rand(c) + 0.5);
        norm.bias!.copy_(randn(c) * 0.3);
        norm.running_mean!.copy_(randn(c) * 0.5);
        norm.running_var!.copy_(rand(c) * 2 + 0.2);
    }
}
