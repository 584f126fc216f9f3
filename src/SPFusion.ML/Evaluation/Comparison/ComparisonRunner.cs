using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.ML;
using SPFusion.ML.MLNet;
using SPFusion.ML.Training;

namespace SPFusion.ML.Evaluation;

/// <summary>
/// Trains and tests every model on every fold, model by model, in one context (<c>mlContext.Regression.CompareTwoTargets</c>);
/// with a resume folder each finished model × fold is written there and a matching one is reused instead of trained.
/// </summary>
internal static partial class ComparisonRunner
{
    /// <summary>Runs the comparison; see <see cref="TwoTargetRegressionCatalog.CompareTwoTargets(RegressionCatalog, MLContext, IReadOnlyList{ComparisonModel}, IReadOnlyList{ComparisonFold}, string?, IProgress{ComparisonProgress}?, CancellationToken)"/>.</summary>
    public static ComparisonResult Run(MLContext ml, IReadOnlyList<ComparisonModel> models, IReadOnlyList<ComparisonFold> folds, string? resumeDirectory,
        IProgress<ComparisonProgress>? progress, CancellationToken cancellationToken)
    {
        Check(ml, models, folds);
        var store = resumeDirectory is null ? null : new ComparisonRunStore(resumeDirectory);
        var identities = new string?[folds.Count];
        var durations = new List<double>();
        int totalRuns = models.Count * folds.Count, finishedRuns = 0;
        var results = new List<ComparisonModelResult>(models.Count);
        for (int m = 0; m < models.Count; m++)
        {
            var model = models[m];
            long parameters = model.CountParameters();
            var outcomes = new List<ComparisonFoldResult>(folds.Count);
            for (int k = 1; k <= folds.Count; k++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var fold = folds[k - 1];
                var at = new ComparisonProgress(ComparisonStage.Training, m + 1, models.Count, model, parameters, k, folds.Count);
                string? fingerprint = null, path = null;
                if (store is not null)
                {
                    fingerprint = ComparisonRunStore.Fingerprint(model.Name, model.Options, identities[k - 1] ??= ComparisonFoldIdentity.Of(fold));
                    path = store.ResultPath(model.Name, k);
                    if (ComparisonRunStore.TryLoad(path, fingerprint) is { } done)
                    {
                        progress?.Report(at with { Stage = ComparisonStage.Reused, Result = done, ResultPath = path });
                        outcomes.Add(done);
                        finishedRuns++;
                        continue;
                    }
                }
                progress?.Report(at);
                var clock = Stopwatch.StartNew();
                int remainingAfter = totalRuns - finishedRuns - 1;
                double? later = durations.Count > 0 ? durations.Average() * remainingAfter : null;
                var options = model.Options with
                {
                    ValidationData = fold.Validation,
                    SaveWeightsTo = store?.WeightsPath(model.Name, k),
                };
                var epochs = progress is null ? null : new EpochForwarder(progress, at, later);
                var outcome = TrainAndTest(ml, options, fold, k, epochs, clock, cancellationToken);
                if (store is not null) ComparisonRunStore.Save(path!, model.Name, fingerprint!, parameters, outcome);
                outcomes.Add(outcome);
                durations.Add(clock.Elapsed.TotalSeconds);
                finishedRuns++;
                progress?.Report(at with { Stage = ComparisonStage.Finished, Result = outcome, ResultPath = path });
            }
            results.Add(new ComparisonModelResult(model, parameters, outcomes));
        }
        return new ComparisonResult(results);
    }

    private static ComparisonFoldResult TrainAndTest(MLContext ml, SPFusionTrainer.Options options, ComparisonFold fold, int k,
        IProgress<EpochReport>? epochs, Stopwatch clock, CancellationToken cancellationToken)
    {
        using var trained = ml.Regression.Trainers.SPFusion(ml, options, epochs, cancellationToken).Fit(fold.Train);
        var scored = trained.Transform(fold.Test);
        var metrics = ml.Regression.EvaluateTwoTargets(scored, new TwoTargetColumns { Mass = options.Columns.Mass, Age = options.Columns.Age });
        var stars = ComparisonTestStars.Read(scored, options.Columns.Mass, options.Columns.Age);
        return new ComparisonFoldResult(k, metrics, stars, trained.History.TrainCount, trained.History.BestEpoch, clock.Elapsed);
    }

    /// <summary>Refuses a comparison that cannot run before anything trains, naming the model at fault.</summary>
    private static void Check(MLContext ml, IReadOnlyList<ComparisonModel> models, IReadOnlyList<ComparisonFold> folds)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(folds);
        if (models.Count == 0) throw new ArgumentException("give at least one model", nameof(models));
        if (folds.Count == 0) throw new ArgumentException("give at least one fold", nameof(folds));
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var model in models)
        {
            ArgumentNullException.ThrowIfNull(model, nameof(models));
            if (model.Name is null || !NamePattern().IsMatch(model.Name))
                throw new ArgumentException($"model name '{model.Name}' must be letters, digits, '.', '_' or '-' (it names the model's result files)", nameof(models));
            if (!names.Add(model.Name)) throw new ArgumentException($"model name '{model.Name}' is given twice", nameof(models));
            ArgumentNullException.ThrowIfNull(model.Options, nameof(models));
            try
            {
                model.Options.Validate();
            }
            catch (ArgumentException ex)
            {
                throw new ArgumentException($"recipe of {model.Name}: {ex.Message}", nameof(models), ex);
            }
        }
        for (int k = 0; k < folds.Count; k++)
        {
            if (folds[k] is null || folds[k].Train is null || folds[k].Test is null)
                throw new ArgumentException($"fold {k + 1} has no training or test rows", nameof(folds));
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex NamePattern();

    /// <summary>Forwards each epoch's report with the model and fold it belongs to and the comparison's estimated time left.</summary>
    private sealed class EpochForwarder(IProgress<ComparisonProgress> progress, ComparisonProgress at, double? laterRunsSeconds) : IProgress<EpochReport>
    {
        public void Report(EpochReport value) => progress.Report(at with
        {
            Stage = ComparisonStage.Epoch,
            Epoch = value,
            EstimatedRemaining = laterRunsSeconds is { } s ? TimeSpan.FromSeconds(s) + value.EstimatedRemaining : null,
        });
    }
}
