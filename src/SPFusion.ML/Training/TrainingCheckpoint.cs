using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace SPFusion.ML.Training;

/// <summary>
/// Per-epoch checkpoint of a training run: current weights, optimiser state, best weights, early-stopping state,
/// history and the torch RNG state, so a killed run resumes to the same final weights. Files are replaced atomically.
/// </summary>
internal sealed class TrainingCheckpoint
{
    private const string WeightsFile = "last.weights", OptimizerFile = "last.optimizer", BestFile = "best.tensors", StateFile = "state.json";

    public TrainingCheckpoint(string directory)
    {
        Directory = directory;
        System.IO.Directory.CreateDirectory(directory);
    }

    public string Directory { get; }

    /// <summary>Progress of the run at the end of an epoch.</summary>
    public sealed record State(int EpochsDone, IReadOnlyList<EpochReport> History, double BestValidationLoss, int EpochsWithoutImprovement, int BestEpoch);

    private sealed record StateFileContent(int EpochsDone, List<EpochReport> History, double BestValidationLoss, int EpochsWithoutImprovement, int BestEpoch, string RngState);

    /// <summary>Resumed state plus the best weights (owned by the caller).</summary>
    public sealed record Resumed(int EpochsDone, IReadOnlyList<EpochReport> History, double BestValidationLoss, int EpochsWithoutImprovement, int BestEpoch, Dictionary<string, Tensor>? BestWeights);

    public void Save(nn.Module network, AdamOptimizer optimizer, State state, Dictionary<string, Tensor>? best)
    {
        Replace(WeightsFile, tmp => network.save(tmp));
        Replace(OptimizerFile, tmp => optimizer.Save(tmp));
        if (best is not null) Replace(BestFile, tmp => TensorFile.Write(tmp, best));
        using var rng = Generator.Default.get_state();
        var content = new StateFileContent(state.EpochsDone, state.History.ToList(), state.BestValidationLoss,
            state.EpochsWithoutImprovement, state.BestEpoch, Convert.ToBase64String(rng.bytes.ToArray()));
        // The state file goes last: it is what makes a checkpoint count as complete.
        Replace(StateFile, tmp => File.WriteAllText(tmp, JsonSerializer.Serialize(content)));
    }

    public bool TryLoad(nn.Module network, AdamOptimizer optimizer, out Resumed resumed)
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
        network.load(Path.Combine(Directory, WeightsFile));
        optimizer.Load(Path.Combine(Directory, OptimizerFile));
        string bestPath = Path.Combine(Directory, BestFile);
        var best = File.Exists(bestPath) ? TensorFile.Read(bestPath) : null;
        var rngBytes = Convert.FromBase64String(content.RngState);
        using (var rng = torch.tensor(rngBytes, dtype: ScalarType.Byte))
            Generator.Default.set_state(rng);
        resumed = new Resumed(content.EpochsDone, content.History, content.BestValidationLoss, content.EpochsWithoutImprovement, content.BestEpoch, best);
        return true;
    }

    private void Replace(string name, Action<string> write)
    {
        string final = Path.Combine(Directory, name);
        string tmp = final + ".tmp";
        write(tmp);
        File.Move(tmp, final, overwrite: true);
    }
}
