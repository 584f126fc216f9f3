using SPFusion.Benchmarks.Infrastructure;
using SPFusion.ML.Network;
using SPFusion.ML.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SPFusion.Benchmarks.Training;

/// <summary>
/// Training throughput on fixed in-memory random tensors: the same work as <c>spfusion_torch.py train 32 5 2</c>
/// (published configuration, train mode, Adam lr 1e-3 weight decay 1e-4, loss 100 MSE(mass) + MSE(age), 2 warm-up steps).
/// </summary>
internal static class TensorTrainingBench
{
    public static IReadOnlyList<Metric> Run(BenchContext context)
    {
        int steps = context.Quick ? 2 : 5;
        set_num_threads(BenchContext.Threads);
        NativeAllocatorTuning.ApplyForTraining(); // opt-in, as the CLI does for CPU training
        random.manual_seed(0);
        using var network = NetworkFactory.Create(NetworkOptions.Published, 0);
        network.train();
        using var photometric = rand(BenchContext.Batch, 3, 128, 128);
        using var spectrum = rand(BenchContext.Batch, 1, 3584);
        using var targets = rand(BenchContext.Batch, 2);
        // The trainer's own Adam and loss (TorchSharp's optim.Adam races with Scalar finalisers), so this measures what training runs.
        using var optimizer = new AdamOptimizer(network.parameters(), learningRate: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 1e-4);

        void Step()
        {
            using var scope = NewDisposeScope();
            optimizer.ZeroGrad();
            using var output = network.forward(photometric, spectrum);
            var loss = new TwoTargetLoss(massWeight: 100.0, ageWeight: 1.0).Compute(output.Prediction, targets);
            loss.backward();
            optimizer.Step();
        }

        double seconds = Timing.Seconds(Step, warmup: 2, runs: steps);
        return [new Metric("train.tensors", BenchContext.Batch * steps / seconds, "samples/s",
            $"{steps} forward/backward/Adam steps, batch {BenchContext.Batch}, {BenchContext.Threads} threads, fixed random tensors, after 2 warm-up steps")];
    }
}
