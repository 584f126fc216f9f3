using System.Text.Json;
using SPFusion.Transforms.Datasets;
using TorchSharp;
using static TorchSharp.torch;

namespace SPFusion.ML.Training;

/// <summary>
/// Per-epoch checkpoint of a training run: current weights, optimiser state, best weights, early-stopping state,
/// history and the state of the run's own random generator, so a killed run resumes to the same final weights. Each epoch's tensors go to files
/// named by the epoch; the state file, replaced atomically last, names the epoch whose files belong to it, and older
/// epochs' files are deleted only after that. A run killed at any point leaves one consistent checkpoint.
/// </summary>
internal sealed class TrainingCheckpoint
{
    private const string WeightsFile = "last.weights", OptimizerFile = "last.optimizer", BestFile = "best.tensors",
        AverageFile = "average.tensors", StateFile = "state.json";

    private readonly TrainingFingerprint _fingerprint;

    public TrainingCheckpoint(string directory, TrainingFingerprint fingerprint)
    {
        Directory = directory;
        _fingerprint = fingerprint;
        System.IO.Directory.CreateDirectory(directory);
    }

    public string Directory { get; }

    /// <summary>Progress of the run at the end of an epoch.</summary>
    public sealed record State(int EpochsDone, IReadOnlyList<EpochReport> History, double BestValidationLoss, int EpochsWithoutImprovement, int BestEpoch);

    /// <summary>
    /// <paramref name="Generation"/>: the epoch whose tensor files go with this state.
    /// <paramref name="Fingerprint"/>: the run that wrote it (<see cref="TrainingFingerprint"/>).
    /// Both are nullable only so that a state file of an older version, which lacks them, is read and then refused.
    /// </summary>
    private sealed record StateFileContent(
        int EpochsDone, List<EpochReport> History, double BestValidationLoss, int EpochsWithoutImprovement, int BestEpoch, string RngState,
        int? Generation = null, Dictionary<string, string>? Fingerprint = null, int AveragedEpochs = 0);

    /// <summary>Resumed state plus the best weights and the weight average, if any (both owned by the caller).</summary>
    public sealed record Resumed(int EpochsDone, IReadOnlyList<EpochReport> History, double BestValidationLoss, int EpochsWithoutImprovement, int BestEpoch,
        Dictionary<string, Tensor>? BestWeights, WeightAverage? Average);

    public void Save(nn.Module network, AdamOptimizer optimizer, Generator random, State state, Dictionary<string, Tensor>? best, WeightAverage? average = null)
    {
        int generation = state.EpochsDone;
        Write(Named(WeightsFile, generation), tmp => network.save(tmp));
        Write(Named(OptimizerFile, generation), tmp => optimizer.Save(tmp));
        if (best is not null) Write(Named(BestFile, generation), tmp => TensorFile.Write(tmp, best));
        if (average is { Count: > 0 }) Write(Named(AverageFile, generation), tmp => TensorFile.Write(tmp, average.Weights));
        using var rng = random.get_state();
        var content = new StateFileContent(state.EpochsDone, state.History.ToList(), state.BestValidationLoss,
            state.EpochsWithoutImprovement, state.BestEpoch, Convert.ToBase64String(rng.bytes.ToArray()), generation,
            _fingerprint.ToDictionary(), average?.Count ?? 0);
        // The state file goes last: it is what makes a checkpoint count as complete.
        Write(StateFile, tmp => File.WriteAllText(tmp, JsonSerializer.Serialize(content)));
        DeleteOtherGenerations(generation);
    }

    public bool TryLoad(nn.Module network, AdamOptimizer optimizer, Generator random, out Resumed resumed)
    {
        string statePath = Path.Combine(Directory, StateFile);
        resumed = null!;
        if (!File.Exists(statePath)) return false;
        StateFileContent content;
        try
        {
            content = JsonSerializer.Deserialize<StateFileContent>(File.ReadAllText(statePath))
                ?? throw new InvalidDataException("empty state");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{statePath}: not a training checkpoint state ({ex.Message})", ex);
        }
        // Checked before any tensor is loaded: another run's weights may not even fit this network.
        if (content.Fingerprint is null)
        {
            throw new InvalidDataException($"{statePath}: the checkpoint does not record which run wrote it (written by an older version), " +
                $"so resuming cannot check that it continues this run; to start fresh, delete {Directory} or train with Resume = false " +
                "(or another CheckpointDirectory)");
        }
        if (content.Generation is not { } generation)
        {
            throw new InvalidDataException($"{statePath}: the checkpoint does not name the epoch its tensor files belong to (written by an older version); " +
                $"to start fresh, delete {Directory} or train with Resume = false (or another CheckpointDirectory)");
        }
        _fingerprint.Check(content.Fingerprint, statePath);
        string weightsPath = Path.Combine(Directory, Named(WeightsFile, generation));
        if (!File.Exists(weightsPath)) throw new InvalidDataException($"{statePath}: names epoch {generation}, but {weightsPath} is missing");
        network.load(weightsPath);
        optimizer.Load(Path.Combine(Directory, Named(OptimizerFile, generation)));
        string bestPath = Path.Combine(Directory, Named(BestFile, generation));
        var best = File.Exists(bestPath) ? TensorFile.Read(bestPath) : null;
        WeightAverage? average = null;
        if (content.AveragedEpochs > 0)
        {
            string averagePath = Path.Combine(Directory, Named(AverageFile, generation));
            if (!File.Exists(averagePath))
                throw new InvalidDataException($"{statePath}: records a weight average of {content.AveragedEpochs} epochs, but {averagePath} is missing");
            average = WeightAverage.Restore(TensorFile.Read(averagePath), content.AveragedEpochs);
        }
        var rngBytes = Convert.FromBase64String(content.RngState);
        using (var rng = torch.tensor(rngBytes, dtype: ScalarType.Byte))
            random.set_state(rng);
        resumed = new Resumed(content.EpochsDone, content.History, content.BestValidationLoss, content.EpochsWithoutImprovement, content.BestEpoch, best, average);
        return true;
    }

    /// <summary>"last.weights" for epoch 5 is "last-0005.weights".</summary>
    private static string Named(string file, int generation) =>
        $"{Path.GetFileNameWithoutExtension(file)}-{generation:D4}{Path.GetExtension(file)}";

    private void Write(string name, Action<string> write) => AtomicFile.WriteVia(Path.Combine(Directory, name), write);

    private void DeleteOtherGenerations(int keep)
    {
        var kept = new HashSet<string>(new[] { WeightsFile, OptimizerFile, BestFile, AverageFile }.Select(f => Named(f, keep)), StringComparer.Ordinal);
        foreach (string file in new[] { WeightsFile, OptimizerFile, BestFile, AverageFile })
        {
            string pattern = $"{Path.GetFileNameWithoutExtension(file)}*{Path.GetExtension(file)}";
            foreach (string path in System.IO.Directory.EnumerateFiles(Directory, pattern))
            {
                if (!kept.Contains(Path.GetFileName(path))) File.Delete(path);
            }
        }
    }
}
