using System.Globalization;
using System.Text.Json;
using SPFusion.ML.Network;

namespace SPFusion.ML.Training;

/// <summary>
/// What a checkpoint must agree with for resuming to continue the same run: the network options, the seed, the recipe
/// options that change the trajectory, the row counts and a hash of the training labels in cache order. Written into
/// state.json, so <c>Resume</c> in a folder left by another run fails instead of silently continuing that run.
/// Fields are (name, invariant text) pairs in a fixed order, so the first difference can be named.
/// </summary>
internal sealed class TrainingFingerprint
{
    private TrainingFingerprint(List<KeyValuePair<string, string>> fields) => Fields = fields;

    /// <summary>Fields in the order they are compared.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Fields { get; }

    public static TrainingFingerprint Of(SPFusionTrainer.Options o, StarRowCache train, StarRowCache validation)
    {
        var fields = new List<KeyValuePair<string, string>>();
        void Add(string name, object? value) => fields.Add(new(name, Format(value)));

        using (var network = JsonDocument.Parse(JsonSerializer.Serialize(o.Network)))
        {
            foreach (var property in network.RootElement.EnumerateObject())
            {
                // Added after checkpoints existed: left out when off, so their fingerprints still match.
                if (property.Name == nameof(NetworkOptions.PredictVariance) && property.Value.ValueKind == JsonValueKind.False) continue;
                Add($"{nameof(o.Network)}.{property.Name}", property.Value.GetRawText());
            }
        }
        Add(nameof(o.Seed), o.Seed);
        Add(nameof(o.LearningRate), o.LearningRate);
        Add(nameof(o.SchedulePeriod), o.SchedulePeriod);
        Add(nameof(o.ScheduleMultiplier), o.ScheduleMultiplier);
        Add(nameof(o.MinimumLearningRate), o.MinimumLearningRate);
        Add(nameof(o.Beta1), o.Beta1);
        Add(nameof(o.Beta2), o.Beta2);
        Add(nameof(o.WeightDecay), o.WeightDecay);
        Add(nameof(o.BatchSize), o.BatchSize);
        Add(nameof(o.MassLossWeight), o.MassLossWeight);
        Add(nameof(o.AgeLossWeight), o.AgeLossWeight);
        Add(nameof(o.StandardizeTargets), o.StandardizeTargets);
        Add(nameof(o.RecalibrateBatchNorm), o.RecalibrateBatchNorm);
        Add(nameof(o.AverageLastEpochs), o.AverageLastEpochs);
        Add(nameof(o.HuberDelta), o.HuberDelta);
        if (o.AugmentImages) Add(nameof(o.AugmentImages), o.AugmentImages); // runs without it keep their fingerprints
        // Only a heteroscedastic run reads it; others keep their fingerprints.
        if (o.Network.PredictVariance) Add(nameof(o.LogVarianceLearningRateScale), o.LogVarianceLearningRateScale);
        Add(nameof(o.StandardizeSpectra), o.StandardizeSpectra);
        // The fraction decides the split only when no validation set is given.
        Add(nameof(o.ValidationFraction), o.ValidationData is null ? o.ValidationFraction : "ValidationData given");
        Add("TrainRows", train.Count);
        Add("ValidationRows", validation.Count);
        Add("TrainLabelHash", train.LabelHash().ToString("x16", CultureInfo.InvariantCulture));
        return new TrainingFingerprint(fields);
    }

    /// <summary>The fields as a JSON-serialisable dictionary (insertion order is kept in the file).</summary>
    public Dictionary<string, string> ToDictionary() => Fields.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);

    /// <summary>Throws naming <paramref name="stateFile"/> and the first field that differs from <paramref name="stored"/>.</summary>
    public void Check(IReadOnlyDictionary<string, string> stored, string stateFile)
    {
        foreach (var (name, value) in Fields)
        {
            string? old = stored.TryGetValue(name, out var s) ? s : null;
            if (old != value) throw Mismatch(stateFile, name, old ?? "(not recorded)", value);
        }
        foreach (var (name, old) in stored)
        {
            if (!Fields.Any(f => f.Key == name)) throw Mismatch(stateFile, name, old, "(not in this version's fingerprint)");
        }
    }

    private static InvalidDataException Mismatch(string stateFile, string field, string checkpoint, string run) =>
        new($"{stateFile}: the checkpoint belongs to another training run ({field} is {checkpoint} in the checkpoint, {run} in this run); " +
            "resume with the options and data that wrote it, or start fresh with Resume = false or another CheckpointDirectory");

    private static string Format(object? value) => value switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value?.ToString() ?? "null",
    };
}
