using Microsoft.ML;
using SPFusion.ML.MLNet;
using SPFusion.ML.Training;
using SPFusion.Tests.Support;
using static TorchSharp.torch;

namespace SPFusion.Tests.Training;

/// <summary>libtorch's thread count belongs to the host process: a training run with its own count gives it back.</summary>
[Collection(TorchGlobalStateCollection.Name)]
public sealed class TrainingThreadCountTests
{
    [Fact]
    public void NumberOfThreadsIsRestoredAfterFit()
    {
        int original = get_num_threads();
        try
        {
            set_num_threads(3);
            var ml = new MLContext(seed: 1);
            var options = new SPFusionTrainer.Options { MaxEpochs = 1, BatchSize = 8, Seed = 7, NumberOfThreads = 1, Device = TrainingDevice.Cpu };
            ml.Regression.Trainers.SPFusion(ml, options).Fit(ml.Data.LoadFromEnumerable(LearnableStars.Create(12, seed: 51)));
            Assert.Equal(3, get_num_threads());
        }
        finally
        {
            set_num_threads(original);
        }
    }
}
