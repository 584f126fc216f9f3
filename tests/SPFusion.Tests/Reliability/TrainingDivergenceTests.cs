using System.Text.Json;
using Microsoft.ML;
using SPFusion.ML.MLNet;
using SPFusion.ML.Training;
using SPFusion.Tests.Support;

namespace SPFusion.Tests.Reliability;

/// <summary>
/// A non-finite loss stops training with <see cref="TrainingDivergedException"/> and leaves the last good checkpoint
/// untouched and resumable. Labels of 1e30 overflow the float32 squared error deterministically, unlike a huge learning
/// rate whose first non-finite batch depends on the CPU's kernels.
/// </summary>
public sealed class TrainingDivergenceTests : IDisposable
{
    private readonly TempFolder _temp = new("spfusion-diverge");

    public void Dispose() => _temp.Dispose();

    private static SPFusionTrainer.Options Quick(int epochs) => new()
    {
        MaxEpochs = epochs,
        BatchSize = 8,
        Seed = 7,
        NumberOfThreads = 2,
        Device = TrainingDevice.Cpu,
    };

    private static List<StarRow> Exploding(List<StarRow> rows) => rows.Select(r => new StarRow
    {
        Spectrum = r.Spectrum,
        Photometry = r.Photometry,
        Mass = 1e30f,
        Age = r.Age,
        Snr = r.Snr,
    }).ToList();

    private int EpochsDoneInCheckpoint()
    {
        using var state = JsonDocument.Parse(File.ReadAllText(Path.Combine(_temp.File("work"), "state.json")));
        return state.RootElement.GetProperty("EpochsDone").GetInt32();
    }

    [Fact]
    public void NonFiniteTrainingLossStopsTraining()
    {
        // A bias at the label means would predict 1e30 and keep the error finite; from PyTorch's initial bias it overflows.
        var ml = new MLContext(seed: 1);
        var bad = ml.Data.LoadFromEnumerable(Exploding(LearnableStars.Create(16, seed: 30)));
        var ex = Assert.Throws<TrainingDivergedException>(() => ml.Regression.Trainers.SPFusion(ml, Quick(2) with { CheckpointDirectory = _temp.File("work"), InitializeOutputBiasFromLabels = false }).Fit(bad));
        Assert.Contains("training loss", ex.Message);
        Assert.Contains("epoch 1, batch 1", ex.Message);
        Assert.False(File.Exists(Path.Combine(_temp.File("work"), "state.json")));
    }

    [Fact]
    public void NonFiniteLossInAResumedRunStopsWithTheLastGoodCheckpointKept()
    {
        var ml = new MLContext(seed: 1);
        var rows = LearnableStars.Create(24, seed: 31);
        var train = ml.Data.LoadFromEnumerable(rows.Take(16));
        var goodValidation = ml.Data.LoadFromEnumerable(rows.Skip(16).ToList());
        var first = ml.Regression.Trainers.SPFusion(ml, Quick(1) with { CheckpointDirectory = _temp.File("work"), ValidationData = goodValidation }).Fit(train);
        Assert.Equal(1, EpochsDoneInCheckpoint());
        byte[] weights = File.ReadAllBytes(Path.Combine(_temp.File("work"), "last-0001.weights"));

        // Resuming on training labels whose squared error overflows float32 is refused: they are not the checkpoint's labels.
        var badTrain = ml.Data.LoadFromEnumerable(Exploding(rows.Take(16).ToList()));
        var refused = Assert.Throws<InvalidDataException>(() =>
            ml.Regression.Trainers.SPFusion(ml, Quick(3) with { CheckpointDirectory = _temp.File("work"), ValidationData = goodValidation, Resume = true }).Fit(badTrain));
        Assert.Contains("TrainLabelHash", refused.Message);

        // Epoch 2 meets validation labels whose squared error overflows float32: the validation loss is infinite.
        var badValidation = ml.Data.LoadFromEnumerable(Exploding(rows.Skip(16).ToList()));
        var ex = Assert.Throws<TrainingDivergedException>(() =>
            ml.Regression.Trainers.SPFusion(ml, Quick(3) with { CheckpointDirectory = _temp.File("work"), ValidationData = badValidation, Resume = true }).Fit(train));
        Assert.Contains("epoch 2", ex.Message);
        Assert.Contains(_temp.File("work"), ex.Message);

        // The checkpoint is still epoch 1's, byte for byte, and a run on good data resumes from it.
        Assert.Equal(1, EpochsDoneInCheckpoint());
        Assert.Equal(weights, File.ReadAllBytes(Path.Combine(_temp.File("work"), "last-0001.weights")));
        var resumed = ml.Regression.Trainers.SPFusion(ml, Quick(2) with { CheckpointDirectory = _temp.File("work"), ValidationData = goodValidation, Resume = true }).Fit(train);
        Assert.Equal(2, resumed.History.Epochs.Count);
        Assert.Equal(first.History.Epochs[0], resumed.History.Epochs[0]);
    }

    [Fact]
    public void NonFiniteValidationLossIsReportedAsDivergence()
    {
        var ml = new MLContext(seed: 1);
        var rows = LearnableStars.Create(24, seed: 32);
        var options = Quick(1) with
        {
            CheckpointDirectory = _temp.File("work"),
            ValidationData = ml.Data.LoadFromEnumerable(Exploding(rows.Skip(16).ToList())),
        };
        var ex = Assert.Throws<TrainingDivergedException>(() => ml.Regression.Trainers.SPFusion(ml, options).Fit(ml.Data.LoadFromEnumerable(rows.Take(16))));
        Assert.Contains("validation", ex.Message);
        Assert.Contains("epoch 1", ex.Message);
        // Nothing non-finite reached the checkpoint directory (the JSON state cannot even hold it).
        Assert.False(File.Exists(Path.Combine(_temp.File("work"), "state.json")));
        Assert.Empty(Directory.EnumerateFiles(_temp.File("work"), "last*.weights"));
    }

    [Fact]
    public void ARunKilledWhileWritingTheNextCheckpointResumesFromTheLastCompleteOne()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(LearnableStars.Create(16, seed: 33));
        var uninterrupted = ml.Regression.Trainers.SPFusion(ml, Quick(2)).Fit(data);
        ml.Regression.Trainers.SPFusion(ml, Quick(1) with { CheckpointDirectory = _temp.File("work") }).Fit(data);

        // Killed during epoch 2's save: its tensor files are half written, the state still names epoch 1.
        File.WriteAllBytes(Path.Combine(_temp.File("work"), "last-0002.weights"), [1, 2, 3]);
        File.WriteAllBytes(Path.Combine(_temp.File("work"), "last-0002.optimizer.tmp"), [4, 5]);
        Assert.Equal(1, EpochsDoneInCheckpoint());

        var resumed = ml.Regression.Trainers.SPFusion(ml, Quick(2) with { CheckpointDirectory = _temp.File("work"), Resume = true }).Fit(data);
        Assert.Equal(uninterrupted.History.Epochs.Select(e => (e.TrainLoss, e.ValidationLoss)), resumed.History.Epochs.Select(e => (e.TrainLoss, e.ValidationLoss)));
        Assert.Equal(2, EpochsDoneInCheckpoint());
        string[] kept = [.. Directory.EnumerateFiles(_temp.File("work"), "last*").Select(f => Path.GetFileName(f)).Where(f => !f.EndsWith(".tmp", StringComparison.Ordinal)).Order()];
        Assert.Equal(new[] { "last-0002.optimizer", "last-0002.weights" }, kept);
    }
}
