using SPFusion.Benchmarks.Inference;
using SPFusion.Benchmarks.Memory;
using SPFusion.Benchmarks.Preparation;
using SPFusion.Benchmarks.Training;

namespace SPFusion.Benchmarks.Infrastructure;

/// <summary>The measurements a child process can run, by name.</summary>
internal static class SubBenchmarks
{
    public static IReadOnlyDictionary<string, Func<BenchContext, IReadOnlyList<Metric>>> All { get; } =
        new Dictionary<string, Func<BenchContext, IReadOnlyList<Metric>>>(StringComparer.Ordinal)
        {
            ["train-tensors"] = TensorTrainingBench.Run,
            ["train-trainer"] = TrainerThroughputBench.Run,
            ["infer-torch"] = TorchInferenceBench.Run,
            ["infer-ort"] = OnnxRuntimeBench.Run,
            ["infer-mlnet"] = MLNetZipBench.Run,
            ["prep-spectra"] = SpectraBench.Run,
            ["prep-bz2"] = FrameDecodeBench.Run,
            ["prep-cutouts"] = CutoutBench.Run,
            ["prep-window"] = FrameWindowBench.Run,
            ["memory"] = MemoryBench.Run,
        };

    public static IReadOnlyList<Metric> Run(string name, BenchContext context) =>
        All.TryGetValue(name, out var run)
            ? run(context)
            : throw new ArgumentException($"unknown measurement '{name}'; known: {string.Join(", ", All.Keys)}");
}
