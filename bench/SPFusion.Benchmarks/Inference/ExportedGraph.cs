using SPFusion.Benchmarks.Infrastructure;
using SPFusion.ML.Onnx.Export;
using SPFusion.ML.Onnx.Import;

namespace SPFusion.Benchmarks.Inference;

/// <summary>
/// The published weights, imported into TorchSharp and written back out by the package's <see cref="OnnxExporter"/>:
/// the one graph that raw ONNX Runtime and the ML.NET model zip are both timed on.
/// </summary>
internal static class ExportedGraph
{
    public static string Ensure(BenchContext context)
    {
        string path = Path.Combine(context.WorkDirectory, "published-exported.onnx");
        if (File.Exists(path)) return path;
        using var network = PublishedOnnxImporter.Load(context.PublishedOnnx);
        OnnxExporter.Export(network, path);
        return path;
    }

    /// <summary>Uniform [0,1) inputs, seeded, for <paramref name="count"/> values.</summary>
    public static float[] RandomValues(int count, int seed)
    {
        var random = new Random(seed);
        var values = new float[count];
        for (int i = 0; i < values.Length; i++) values[i] = random.NextSingle();
        return values;
    }
}
