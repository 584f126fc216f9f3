using Microsoft.ML;
using Microsoft.ML.Data;
using SPFusion.ML.MLNet;
using SPFusion.ML.Training;
using SPFusion.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace SPFusion.Tests.Training;

/// <summary>Stochastic weight averaging over the last epochs (<see cref="SPFusionTrainer.Options.AverageLastEpochs"/>).</summary>
[Collection(TorchGlobalStateCollection.Name)]
public class WeightAverageTests
{
    private static SPFusionTrainer.Options Quick(int epochs, int averageLast) => new()
    {
        MaxEpochs = epochs,
        AverageLastEpochs = averageLast,
        BatchSize = 8,
        Seed = 7,
        NumberOfThreads = 2,
        Device = TrainingDevice.Cpu,
        RecalibrateBatchNorm = true,
    };

    [Fact]
    public void TheAverageIsTheMeanOfTheAddedWeightsAndCountersKeepTheLastValue()
    {
        using var layer = nn.BatchNorm1d(2);
        using var average = new WeightAverage();
        float[][] weights = [[1, 2], [3, 6], [8, 1]];
        using var five = tensor(5L);
        foreach (var w in weights)
        {
            using (no_grad())
            {
                using var t = tensor(w);
                layer.weight!.copy_(t);
                layer.num_batches_tracked!.add_(five);
            }
            average.Add(layer);
        }
        Assert.Equal(3, average.Count);
        Assert.Equal([4f, 3f], average.Weights["weight"].data<float>().ToArray());
        Assert.Equal(15L, average.Weights["num_batches_tracked"].item<long>());
    }

    [Fact]
    public void TrainingKeepsTheAverageOnlyWhenItValidatesAtLeastAsWellAsTheBestEpoch()
    {
        var ml = new MLContext(seed: 1);
        var log = new List<string>();
        ml.Log += (_, e) => { lock (log) log.Add(e.RawMessage); };
        var data = ml.Data.LoadFromEnumerable(LearnableStars.Create(24, seed: 21));
        var model = ml.Regression.Trainers.SPFusion(ml, Quick(4, averageLast: 2)).Fit(data);

        string line;
        lock (log) line = Assert.Single(log, l => l.StartsWith("weights averaged over the last 2 epochs", StringComparison.Ordinal));
        var h = model.History;
        double bestEpochLoss = h.Epochs[h.BestEpoch - 1].ValidationLoss;
        Assert.Contains(h.AveragedEpochs, new[] { 0, 2 });
        if (h.AveragedEpochs == 2)
        {
            Assert.EndsWith("keeping the average", line, StringComparison.Ordinal);
            Assert.True(h.BestValidationLoss <= bestEpochLoss, $"{h.BestValidationLoss} > {bestEpochLoss}");
        }
        else
        {
            Assert.EndsWith($"keeping epoch {h.BestEpoch}", line, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ACancelledAveragingRunResumesToTheSameModel()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(LearnableStars.Create(24, seed: 17));
        var full = ml.Regression.Trainers.SPFusion(ml, Quick(4, averageLast: 3)).Fit(data);

        using var temp = new TempFolder("spfusion-swa");
        using var cts = new CancellationTokenSource();
        var cancelAfterEpoch3 = new SyncProgress<EpochReport>(r =>
        {
            if (r.Epoch == 3) cts.Cancel();
        });
        Assert.ThrowsAny<OperationCanceledException>(() =>
            ml.Regression.Trainers.SPFusion(ml, Quick(4, averageLast: 3) with { CheckpointDirectory = temp.Path }, cancelAfterEpoch3, cts.Token).Fit(data));
        var resumed = ml.Regression.Trainers.SPFusion(ml, Quick(4, averageLast: 3) with { CheckpointDirectory = temp.Path, Resume = true }).Fit(data);

        Assert.Equal(full.History.AveragedEpochs, resumed.History.AveragedEpochs);
        Assert.Equal(full.History.BestValidationLoss, resumed.History.BestValidationLoss);
        Assert.Equal(full.Transform(data).GetColumn<float>("PredictedMass").ToArray(), resumed.Transform(data).GetColumn<float>("PredictedMass").ToArray());
    }

    [Fact]
    public void AnAverageLongerThanTheBudgetIsRefused()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Quick(3, averageLast: 4).Validate());
        Assert.Equal(nameof(SPFusionTrainer.Options.AverageLastEpochs), ex.ParamName);
    }
}
