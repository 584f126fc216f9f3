using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using SPFusion.ML.MLNet;
using SPFusion.ML.Training;
using SPFusion.Transforms;

namespace SPFusion.Cli.Comparison;

/// <summary>
/// Trains and tests every configuration on every fold, model by model, writing each finished model × fold to
/// OUT/runs and reusing the files of an interrupted run whose fingerprint matches (shared by compare and ablate).
/// </summary>
internal sealed class ComparisonRunner(MLContext ml, ComparisonFolds folds, string outDir, TextWriter log)
{
    /// <summary>Runs <paramref name="entries"/> (each key once, in order) and returns their outcomes in the same order.</summary>
    public IReadOnlyList<ModelOutcome> Run(IReadOnlyList<ComparisonEntry> entries)
    {
        var distinct = entries.DistinctBy(e => e.Key).ToList();
        var results = new Dictionary<string, ModelOutcome>(StringComparer.Ordinal);
        var durations = new List<double>();
        int totalRuns = distinct.Count * folds.Count, finishedRuns = 0;
        for (int m = 0; m < distinct.Count; m++)
        {
            var entry = distinct[m];
            long parameters = entry.CountParameters();
            var outcomes = new List<FoldOutcome>();
            for (int k = 1; k <= folds.Count; k++)
            {
                var fold = folds.Fold(k);
                string fingerprint = FoldOutcome.FingerprintOf(entry.Key, entry.Options, fold);
                string path = FoldOutcome.PathFor(outDir, entry.Key, k);
                string where = $"model {m + 1}/{distinct.Count} {entry.Key}, fold {k}/{folds.Count}";
                if (FoldOutcome.TryLoad(path, fingerprint) is { } done)
                {
                    lock (log) log.WriteLine($"{where}: reusing {path} (same recipe and data)");
                    outcomes.Add(done);
                    finishedRuns++;
                    continue;
                }
                lock (log) log.WriteLine($"{where}: training ({parameters.ToString("N0", CultureInfo.InvariantCulture)} parameters, up to {entry.Options.MaxEpochs} epochs)");
                var clock = Stopwatch.StartNew();
                int remainingAfter = totalRuns - finishedRuns - 1;
                var progress = new EpochLog(log, where, () => durations.Count > 0 ? durations.Average() * remainingAfter : null);
                var options = entry.Options with
                {
                    ValidationData = fold.Validation,
                    SaveWeightsTo = Path.Combine(Directory.CreateDirectory(Path.Combine(outDir, "weights")).FullName,
                        string.Create(CultureInfo.InvariantCulture, $"{entry.Key}-fold{k}.bin")),
                };
                using var model = ml.Regression.Trainers.SPFusion(ml, options, progress).Fit(fold.Train);
                var scored = model.Transform(fold.Test);
                var metrics = ml.Regression.EvaluateTwoTargets(scored);
                var stars = new TestStars(
                    scored.GetColumn<float>(SPFusionColumns.Mass).ToArray(),
                    scored.GetColumn<float>(SPFusionColumns.Age).ToArray(),
                    scored.GetColumn<float>(SPFusionColumns.PredictedMass).ToArray(),
                    scored.GetColumn<float>(SPFusionColumns.PredictedAge).ToArray(),
                    scored.GetColumn<float>(SPFusionColumns.Snr).ToArray());
                var outcome = new FoldOutcome(entry.Key, k, fingerprint, parameters, model.History.TrainCount, model.History.BestEpoch,
                    clock.Elapsed.TotalSeconds, metrics, stars);
                outcome.Save(path);
                outcomes.Add(outcome);
                durations.Add(clock.Elapsed.TotalSeconds);
                finishedRuns++;
                lock (log)
                {
                    log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{where}: MAE mass {metrics.Mass.MeanAbsoluteError:0.0000} Msun, age {metrics.Age.MeanAbsoluteError:0.0000} Gyr ({clock.Elapsed:hh\\:mm\\:ss}); {path}"));
                }
            }
            results[entry.Key] = new ModelOutcome(entry, parameters, outcomes);
        }
        return entries.Select(e => results[e.Key] with { Entry = e }).ToList();
    }

    /// <summary>One line per epoch, with the fold's and the whole run's estimated time left.</summary>
    private sealed class EpochLog(TextWriter log, string where, Func<double?> laterRunsSeconds) : IProgress<EpochReport>
    {
        public void Report(EpochReport value)
        {
            double? later = laterRunsSeconds();
            string eta = later is { } s
                ? $"; ETA fold {value.EstimatedRemaining:hh\\:mm\\:ss}, run {TimeSpan.FromSeconds(s) + value.EstimatedRemaining:hh\\:mm\\:ss}"
                : $"; ETA fold {value.EstimatedRemaining:hh\\:mm\\:ss}";
            lock (log)
            {
                log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{where}, epoch {value.Epoch}/{value.MaxEpochs}: train loss {value.TrainLoss:0.0000}, validation MAE mass {value.ValidationMaeMass:0.0000}, age {value.ValidationMaeAge:0.0000}{(value.IsBest ? " (best)" : "")}{eta}"));
            }
        }
    }
}
