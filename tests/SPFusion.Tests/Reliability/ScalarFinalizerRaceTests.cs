using SPFusion.ML.Network;
using SPFusion.ML.Training;
using SPFusion.Tests.Support;
using SPFusion.Transforms;
using static TorchSharp.torch;

namespace SPFusion.Tests.Reliability;

/// <summary>
/// Training steps of the default network while another thread collects garbage and runs finalisers without pause
/// must give exactly the weights of the same steps run undisturbed. A TorchSharp <c>Scalar</c> that is unreachable
/// while libtorch still reads it (implicit conversions such as <c>x.pow(2)</c>, <c>a + b</c>, or TorchSharp's own
/// <c>optim.Adam</c>) is freed by such a collection mid-call and crashes or corrupts the step. Nothing is timed: the
/// collector runs for exactly as long as the steps do. In the global-state collection because the steps draw dropout
/// masks from libtorch's global generator and the collector would slow any test running beside it.
/// </summary>
[Collection(TorchGlobalStateCollection.Name)]
public class ScalarFinalizerRaceTests
{
    private const int Steps = 6;

    [Fact]
    public void TrainingStepsUnderConstantGarbageCollectionEqualTheUndisturbedRun()
    {
        var undisturbed = Train(withCollector: false);
        var disturbed = Train(withCollector: true);
        try
        {
            Assert.Equal(undisturbed.Keys.Order(), disturbed.Keys.Order());
            foreach (var (name, expected) in undisturbed)
            {
                Assert.True(expected.allclose(disturbed[name], rtol: 0, atol: 0), $"{name} differs after {Steps} steps under garbage collection");
            }
        }
        finally
        {
            TrainingLoop.DisposeAll(undisturbed);
            TrainingLoop.DisposeAll(disturbed);
        }
    }

    private static Dictionary<string, Tensor> Train(bool withCollector)
    {
        random.manual_seed(17);
        using var network = NetworkFactory.Create(NetworkOptions.Published, seed: 3);
        network.train();
        using var optimizer = new AdamOptimizer(network.parameters(), learningRate: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 1e-4);
        using var generator = new Generator(5, CPU);
        using var photometric = rand([1, SPFusionShapes.Bands, SPFusionShapes.ImageSize, SPFusionShapes.ImageSize], generator: generator);
        using var spectrum = rand([1, 1, SPFusionShapes.SpectrumLength], generator: generator);
        using var targets = rand([1, 2], generator: generator);

        using var stop = new CancellationTokenSource();
        var collector = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                // Young generation only: the temporaries at risk are young, and full collections would slow the steps tenfold.
                GC.Collect(0);
                GC.WaitForPendingFinalizers();
            }
        })
        { IsBackground = true, Name = "garbage collector hammer" };
        if (withCollector) collector.Start();
        try
        {
            for (int step = 0; step < Steps; step++)
            {
                using var scope = NewDisposeScope();
                optimizer.ZeroGrad();
                using var output = network.forward(photometric, spectrum);
                var loss = new TwoTargetLoss(massWeight: 100, ageWeight: 1).Compute(output.Prediction, targets);
                loss.backward();
                optimizer.Step();
            }
        }
        finally
        {
            stop.Cancel();
            if (withCollector) collector.Join();
        }
        return TrainingLoop.Snapshot(network);
    }
}
