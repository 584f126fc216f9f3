using SPFusion.Benchmarks.Infrastructure;
using SPFusion.ML.Onnx.Import;
using static TorchSharp.torch;

namespace SPFusion.Benchmarks.Inference;

/// <summary>TorchSharp eval-mode inference on the published weights (same work as <c>spfusion_torch.py infer 32 10 2</c>).</summary>
internal static class TorchInferenceBench
{
    public static IReadOnlyList<Metric> Run(BenchContext context)
    {
        int steps = context.Quick ? 3 : 10;
        set_num_threads(BenchContext.Threads);
        random.manual_seed(0);
        using var network = PublishedOnnxImporter.Load(context.PublishedOnnx);
        network.eval();
        using var photometric = rand(BenchContext.Batch, 3, 128, 128);
        using var spectrum = rand(BenchContext.Batch, 1, 3584);

        void Step()
        {
            using var mode = inference_mode();
            using var output = network.forward(photometric, spectrum);
        }

        double seconds = Timing.Seconds(Step, warmup: 2, runs: steps);
        return [new Metric("infer.torch.b32", BenchContext.Batch * steps / seconds, "samples/s",
            $"TorchSharp eval + inference_mode, {steps} batches of {BenchContext.Batch}, {BenchContext.Threads} threads, after 2 warm-up batches")];
    }
}
