using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML;
using SPFusion.ML.MLNet;
using SPFusion.ML.Network;
using SPFusion.ML.Training;
using SPFusion.Tests.Support;
using TorchSharp;

namespace SPFusion.Tests.Training;

/// <summary>
/// Resume continues only the run that wrote the checkpoint: state.json records the run's options, row counts and a hash
/// of its training labels, and a run that differs is refused naming the first differing field.
/// </summary>
public sealed class CheckpointFingerprintTests : IDisposable
{
    private readonly TempFolder _temp = new("spfusion-fingerprint");
    private readonly MLContext _ml = new(seed: 1);

    public void Dispose() => _temp.Dispose();

    private SPFusionTrainer.Options Quick(int epochs) => new()
    {
        MaxEpochs = epochs,
        BatchSize = 8,
        Seed = 7,
        NumberOfThreads = 2,
        Device = TrainingDevice.Cpu,
        CheckpointDirectory = _temp.File("work"),
    };

    private IDataView Stars(int seed) => _ml.Data.LoadFromEnumerable(LearnableStars.Create(16, seed));

    private string StateFile => Path.Combine(_temp.File("work"), "state.json");

    private InvalidDataException ResumeFails(SPFusionTrainer.Options options, IDataView data, params string[] fragments)
    {
        var ex = Assert.Throws<InvalidDataException>(() => _ml.Regression.Trainers.SPFusion(_ml, options with { Resume = true }).Fit(data));
        Assert.Contains(StateFile, ex.Message);
        foreach (string f in fragments) Assert.Contains(f, ex.Message);
        return ex;
    }

    [Fact]
    public void AnotherSeedIsRefusedNamingTheSeedAndBothValues()
    {
        var data = Stars(41);
        _ml.Regression.Trainers.SPFusion(_ml, Quick(1)).Fit(data);
        ResumeFails(Quick(2) with { Seed = 8 }, data, "Seed is 7 in the checkpoint, 8 in this run");
    }

    [Fact]
    public void AHeteroscedasticRunIsNotResumedAsAPlainOneNorWithAnotherHeadRate()
    {
        var data = Stars(43);
        var heteroscedastic = Quick(1) with { Network = NetworkOptions.Published with { PredictVariance = true } };
        _ml.Regression.Trainers.SPFusion(_ml, heteroscedastic).Fit(data);
        ResumeFails(Quick(2), data, "Network.PredictVariance");
        ResumeFails(heteroscedastic with { MaxEpochs = 2, LogVarianceLearningRateScale = 10 }, data, "LogVarianceLearningRateScale is 30 in the checkpoint, 10 in this run");
    }

    [Fact]
    public void OtherNetworkOptionsOrRecipeAreRefused()
    {
        var data = Stars(42);
        _ml.Regression.Trainers.SPFusion(_ml, Quick(1)).Fit(data);
        ResumeFails(Quick(2) with { Network = NetworkOptions.Published with { Dropout = 0.1 } }, data, "Network.Dropout is 0.3 in the checkpoint, 0.1 in this run");
        ResumeFails(Quick(2) with { Beta2 = 0.99 }, data, "Beta2 is 0.999 in the checkpoint, 0.99 in this run");
        ResumeFails(Quick(2) with { BatchSize = 4 }, data, "BatchSize is 8 in the checkpoint, 4 in this run");
        ResumeFails(Quick(2) with { WeightDecay = 0 }, data, "WeightDecay");
        ResumeFails(Quick(2) with { LearningRate = 1e-2 }, data, "LearningRate");
    }

    [Fact]
    public void OtherDataOfTheSameSizeIsRefusedByTheLabelHash()
    {
        _ml.Regression.Trainers.SPFusion(_ml, Quick(1)).Fit(Stars(43));
        ResumeFails(Quick(2), Stars(44), "TrainLabelHash");
        // The state is untouched: the run that wrote it still resumes.
        var resumed = _ml.Regression.Trainers.SPFusion(_ml, Quick(2) with { Resume = true }).Fit(Stars(43));
        Assert.Equal(2, resumed.History.Epochs.Count);
    }

    [Fact]
    public void ACheckpointWithoutFingerprintIsRefusedSayingHowToStartFresh()
    {
        var data = Stars(45);
        _ml.Regression.Trainers.SPFusion(_ml, Quick(1)).Fit(data);
        var state = JsonNode.Parse(File.ReadAllText(StateFile))!.AsObject();
        Assert.True(state.Remove("Fingerprint"));
        File.WriteAllText(StateFile, state.ToJsonString());
        ResumeFails(Quick(2), data, "does not record which run wrote it", "Resume = false", _temp.File("work"));
    }

    [Fact]
    public void ACheckpointWithoutGenerationIsRefusedSayingHowToStartFresh()
    {
        var data = Stars(47);
        _ml.Regression.Trainers.SPFusion(_ml, Quick(1)).Fit(data);
        var state = JsonNode.Parse(File.ReadAllText(StateFile))!.AsObject();
        Assert.True(state.Remove("Generation"));
        File.WriteAllText(StateFile, state.ToJsonString());
        ResumeFails(Quick(2), data, "does not name the epoch", "Resume = false", _temp.File("work"));
    }

    [Fact]
    public void AResumedRunReportsOnlyTheRemainingEpochs()
    {
        var data = Stars(46);
        _ml.Regression.Trainers.SPFusion(_ml, Quick(1)).Fit(data);
        var reported = new List<int>();
        var options = Quick(3) with { Resume = true };
        var resumed = _ml.Regression.Trainers.SPFusion(_ml, options, new SyncProgress<EpochReport>(r => reported.Add(r.Epoch))).Fit(data);
        Assert.Equal(new[] { 2, 3 }, reported);
        Assert.Equal(new[] { 1, 2, 3 }, resumed.History.Epochs.Select(e => e.Epoch));
        using var written = JsonDocument.Parse(File.ReadAllText(StateFile));
        Assert.Equal(3, written.RootElement.GetProperty("EpochsDone").GetInt32());
    }

    [Fact]
    public void AdamStateOfOtherBetasIsRefusedInsteadOfAdopted()
    {
        using var network = torch.nn.Linear(3, 2);
        string path = Path.Combine(Directory.CreateDirectory(_temp.File("work")).FullName, "adam.state");
        using (var written = new AdamOptimizer(network.parameters(), 1e-3, 0.9, 0.999, 1e-8, 1e-4)) written.Save(path);

        using var otherBeta1 = new AdamOptimizer(network.parameters(), 1e-3, 0.8, 0.999, 1e-8, 1e-4);
        var ex = Assert.Throws<InvalidDataException>(() => otherBeta1.Load(path));
        Assert.Contains(path, ex.Message);
        Assert.Contains("Beta1 is 0.9 in the file, 0.8", ex.Message);
        Assert.Equal(0.8, otherBeta1.Beta1);

        using var otherDecay = new AdamOptimizer(network.parameters(), 1e-3, 0.9, 0.999, 1e-8, 0);
        ex = Assert.Throws<InvalidDataException>(() => otherDecay.Load(path));
        Assert.Contains("WeightDecay", ex.Message);
    }
}
