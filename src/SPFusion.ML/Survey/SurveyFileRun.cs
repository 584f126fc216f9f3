using System.Globalization;
using System.Text.Json;
using SPFusion.ML.Survey.Output;
using SPFusion.Transforms.Images;
using SPFusion.Transforms.Spectra;

namespace SPFusion.ML.Survey;

/// <summary>
/// A survey run into a file: chunks are committed to the run journal as they finish (so a killed run resumes after the
/// last committed chunk), and the output is written in catalogue order from the committed parts at the end.
/// </summary>
internal static class SurveyFileRun
{
    public static SurveyRunSummary Execute(SurveyEstimator estimator, string catalogPath, string outputPath, bool resume,
        IProgress<SurveyProgress>? progress, CancellationToken cancellationToken)
    {
        var options = estimator.Options;
        var fingerprint = SurveyRunFingerprint.Of(catalogPath, estimator.ModelPath, options.FallbackModelPath, ResultOptions(options),
            options.Shard.IsAll ? null : options.Shard.Index, options.Shard.IsAll ? null : options.Shard.Count);
        var plan = estimator.Plan(catalogPath);
        using var journal = SurveyRunJournal.Open(outputPath, fingerprint, resume, estimator.HasUncertainty);
        if (journal.FinishedManifest is { } finished)
        {
            progress?.Report(new SurveyProgress(plan.RowCount, plan.RowCount, Counts(finished.StatusCounts).ToDictionary(c => c.Key, c => (int)c.Value)));
            return new SurveyRunSummary(journal.OutputPath, finished.Rows, Counts(finished.StatusCounts), finished.Rows, AlreadyFinished: true);
        }

        long resumed = journal.CommittedRows;
        foreach (var (chunk, rows) in estimator.EstimateChunks(plan, journal.IsCommitted, progress, cancellationToken))
            journal.Commit(chunk, rows.OrderBy(r => r.Line).ToList());
        var manifest = journal.Finish(plan.Chunks.SelectMany(c => c).Select(r => r.Line).Order());
        return new SurveyRunSummary(journal.OutputPath, manifest.Rows, Counts(manifest.StatusCounts), resumed, AlreadyFinished: false);
    }

    /// <summary>The options that change which rows form a chunk or what an estimate is: a resume must use the same.</summary>
    private static Dictionary<string, string> ResultOptions(SurveyEstimatorOptions o) => new(StringComparer.Ordinal)
    {
        ["chunk-size"] = o.ChunkSize.ToString(CultureInfo.InvariantCulture),
        ["batch-size"] = o.BatchSize.ToString(CultureInfo.InvariantCulture),
        ["stop-at-first-problem"] = o.StopAtFirstProblem ? "true" : "false",
        // JSON writes numbers culture-invariantly (a record's ToString would use the current culture).
        ["spectrum"] = JsonSerializer.Serialize(o.SpectrumOptions ?? new SpectrumPreparationOptions()),
        ["cutout"] = JsonSerializer.Serialize(o.CutoutOptions ?? new StarCutoutOptions()),
    };

    private static Dictionary<SurveyStatus, long> Counts(IReadOnlyDictionary<string, long> byText) =>
        SurveyStatusText.All.ToDictionary(s => s, s => byText.TryGetValue(SurveyStatusText.Of(s), out long n) ? n : 0);
}
