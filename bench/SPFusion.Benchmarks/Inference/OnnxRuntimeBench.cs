using Microsoft.ML.OnnxRuntime;
using SPFusion.Benchmarks.Infrastructure;
using SPFusion.ML;
using SPFusion.Transforms;

namespace SPFusion.Benchmarks.Inference;

/// <summary>
/// Raw ONNX Runtime on the exported graph, asking only for the <c>prediction</c> output: batch 32 and batch 1,
/// with 2 intra-op threads, and batch 1 with the default session options (what ML.NET's OnnxTransformer uses).
/// </summary>
internal static class OnnxRuntimeBench
{
    public static IReadOnlyList<Metric> Run(BenchContext context)
    {
        string path = ExportedGraph.Ensure(context);
        int batches = context.Quick ? 3 : 10;
        int singles = context.Quick ? 16 : 96;
        var photometric = ExportedGraph.RandomValues(BenchContext.Batch * SPFusionShapes.PhotometryLength, 1);
        var spectrum = ExportedGraph.RandomValues(BenchContext.Batch * SPFusionShapes.SpectrumLength, 2);

        using var tuned = SPFusion.ML.Persistence.OnnxSessionSettings.Create(BenchContext.Threads);
        using var session = new InferenceSession(path, tuned);
        double b32 = Timing.Seconds(() => RunRows(session, photometric, spectrum, 0, BenchContext.Batch), warmup: 2, runs: batches);
        int row = 0;
        double b1 = Timing.Seconds(() => RunRows(session, photometric, spectrum, row++ % BenchContext.Batch, 1), warmup: 3, runs: singles);

        using var defaults = new SessionOptions();
        using var defaultSession = new InferenceSession(path, defaults);
        row = 0;
        double b1Default = Timing.Seconds(() => RunRows(defaultSession, photometric, spectrum, row++ % BenchContext.Batch, 1), warmup: 3, runs: singles);

        return
        [
            new Metric("infer.ort.b32", BenchContext.Batch * batches / b32, "samples/s",
                $"ONNX Runtime {batches} runs of batch {BenchContext.Batch}, intra-op threads {BenchContext.Threads}, graph optimisation all, denormals flushed (OnnxSessionSettings), output 'prediction' only"),
            new Metric("infer.ort.b1", singles / b1, "samples/s",
                $"ONNX Runtime {singles} runs of batch 1, intra-op threads {BenchContext.Threads}, graph optimisation all"),
            new Metric("infer.ort.b1.defaults", singles / b1Default, "samples/s",
                $"ONNX Runtime {singles} runs of batch 1 with default SessionOptions (as ML.NET's OnnxTransformer creates them)"),
        ];
    }

    private static void RunRows(InferenceSession session, float[] photometric, float[] spectrum, int first, int count)
    {
        var inputs = new Dictionary<string, OrtValue>
        {
            ["photometric"] = OrtValue.CreateTensorValueFromMemory(
                OrtMemoryInfo.DefaultInstance,
                photometric.AsMemory(first * SPFusionShapes.PhotometryLength, count * SPFusionShapes.PhotometryLength),
                [count, 3, SPFusionShapes.ImageSize, SPFusionShapes.ImageSize]),
            ["spectrum"] = OrtValue.CreateTensorValueFromMemory(
                OrtMemoryInfo.DefaultInstance,
                spectrum.AsMemory(first * SPFusionShapes.SpectrumLength, count * SPFusionShapes.SpectrumLength),
                [count, 1, SPFusionShapes.SpectrumLength]),
        };
        try
        {
            using var runOptions = new RunOptions();
            using var results = session.Run(runOptions, inputs, ["prediction"]);
            if (results[0].GetTensorDataAsSpan<float>().Length != 2 * count)
                throw new InvalidOperationException("unexpected prediction size");
        }
        finally
        {
            foreach (var v in inputs.Values) v.Dispose();
        }
    }
}
