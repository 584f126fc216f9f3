using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SPFusion.Cli.CommandLine;
using SPFusion.ML.Evaluation;
using SPFusion.ML.Training;
using SPFusion.Transforms.Datasets;

namespace SPFusion.Cli.Comparison;

/// <summary>
/// What one model × fold run leaves behind (OUT/runs/KEY-foldK.json, written atomically when the fold is finished): its
/// metrics and every test star's labels, predictions and SNR, enough to redraw each table and figure without the model.
/// A file whose <see cref="Fingerprint"/> matches the run about to start is reused instead of training again.
/// </summary>
internal sealed record FoldOutcome(
    string Key,
    int Fold,
    string Fingerprint,
    long Parameters,
    long TrainCount,
    int BestEpoch,
    double TrainingSeconds,
    TwoTargetMetrics Metrics,
    TestStars Stars)
{
    /// <summary>The result file of <paramref name="key"/> on fold <paramref name="fold"/> under the output folder.</summary>
    public static string PathFor(string outDir, string key, int fold) =>
        Path.Combine(outDir, "runs", string.Create(CultureInfo.InvariantCulture, $"{key}-fold{fold}.json"));

    /// <summary>
    /// The recipe and the fold's data in one hash: every option that changes the trained model (not where files go,
    /// threads or device) and the fold's label tables.
    /// </summary>
    public static string FingerprintOf(string key, SPFusionTrainer.Options options, FoldData fold)
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
        string text = key + "\n" + JsonSerializer.Serialize(recipe, MetricsReport.Json) + "\n" + fold.Identity;
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..24];
    }

    /// <summary>Reads the result file at <paramref name="path"/> when it exists and has <paramref name="fingerprint"/>; otherwise null.</summary>
    public static FoldOutcome? TryLoad(string path, string fingerprint)
    {
        if (!File.Exists(path)) return null;
        FoldOutcome? outcome;
        try
        {
            outcome = JsonSerializer.Deserialize<FoldOutcome>(File.ReadAllText(path), MetricsReport.Json);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path}: not a result file of spfusion compare/ablate ({ex.Message}); delete it to train that fold again", ex);
        }
        return outcome is not null && outcome.Fingerprint == fingerprint ? outcome : null;
    }

    /// <summary>Writes the file atomically: an interrupted run leaves either the whole result or none.</summary>
    public void Save(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        AtomicFile.WriteText(path, w => w.Write(JsonSerializer.Serialize(this, MetricsReport.Json)));
    }
}

/// <summary>The test stars of one fold, in the test set's order.</summary>
internal sealed record TestStars(float[] Mass, float[] Age, float[] PredictedMass, float[] PredictedAge, float[] Snr);
