using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using SPFusion.ML.Training;
using SPFusion.Transforms.Datasets;

namespace SPFusion.ML.Evaluation;

/// <summary>
/// The resume folder of a comparison: <c>runs/NAME-foldK.json</c> per finished model × fold (written atomically when the
/// fold is finished: its metrics and every test star's labels, predictions and SNR, enough to redraw each table and
/// figure without the model) and the kept weights in <c>weights/NAME-foldK.bin</c>. A result file whose fingerprint
/// matches the run about to start is reused instead of training again.
/// </summary>
internal sealed class ComparisonRunStore(string directory)
{
    /// <summary>The options result files are written with (also what the recipe is serialised with for the fingerprint).</summary>
    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The result file of <paramref name="name"/> on fold <paramref name="fold"/>.</summary>
    public string ResultPath(string name, int fold) =>
        Path.Combine(directory, "runs", string.Create(CultureInfo.InvariantCulture, $"{name}-fold{fold}.json"));

    /// <summary>Where the run's kept weights are saved (the folder is created).</summary>
    public string WeightsPath(string name, int fold) =>
        Path.Combine(Directory.CreateDirectory(Path.Combine(directory, "weights")).FullName, string.Create(CultureInfo.InvariantCulture, $"{name}-fold{fold}.bin"));

    /// <summary>
    /// The recipe and the fold's data in one hash: every option that changes the trained model (not where files go,
    /// threads or device) and the fold's identity.
    /// </summary>
    public static string Fingerprint(string name, SPFusionTrainer.Options options, string foldIdentity)
    {
        var recipe = options with
        {
            ValidationData = null,
            CacheDirectory = null,
            CheckpointDirectory = null,
            SaveWeightsTo = null,
            NumberOfThreads = null,
            Device = TrainingDevice.Auto,
            Resume = false,
        };
        string text = name + "\n" + JsonSerializer.Serialize(recipe, Json) + "\n" + foldIdentity;
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..24];
    }

    /// <summary>The result at <paramref name="path"/> when the file exists and has <paramref name="fingerprint"/>; otherwise null.</summary>
    /// <exception cref="InvalidDataException">The file is not a result file.</exception>
    public static ComparisonFoldResult? TryLoad(string path, string fingerprint)
    {
        if (!File.Exists(path)) return null;
        RunFile? run;
        try
        {
            run = JsonSerializer.Deserialize<RunFile>(File.ReadAllText(path), Json);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path}: not a comparison result file ({ex.Message}); delete it to train that fold again", ex);
        }
        if (run is null || run.Fingerprint != fingerprint) return null;
        if (run.Metrics is null || run.Stars is null)
            throw new InvalidDataException($"{path}: comparison result file without metrics or stars; delete it to train that fold again");
        return new ComparisonFoldResult(run.Fold, run.Metrics, run.Stars, run.TrainCount, run.BestEpoch, TimeSpan.FromSeconds(run.TrainingSeconds));
    }

    /// <summary>Writes the result file atomically: an interrupted run leaves either the whole result or none.</summary>
    public static void Save(string path, string name, string fingerprint, long parameters, ComparisonFoldResult result)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var run = new RunFile(name, result.Fold, fingerprint, parameters, result.TrainCount, result.BestEpoch, result.TrainingTime.TotalSeconds, result.Metrics, result.Stars);
        AtomicFile.WriteText(path, w => w.Write(JsonSerializer.Serialize(run, Json)));
    }

    /// <summary>The file's layout (the one <c>spfusion compare</c> has always written).</summary>
    private sealed record RunFile(
        string Key,
        int Fold,
        string Fingerprint,
        long Parameters,
        long TrainCount,
        int BestEpoch,
        double TrainingSeconds,
        TwoTargetMetrics? Metrics,
        ComparisonTestStars? Stars);
}
