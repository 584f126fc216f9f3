using System.Text.Json;
using SPFusion.Cli.CommandLine;
using SPFusion.ML.Evaluation;
using SPFusion.Transforms.Datasets;

namespace SPFusion.Cli.Comparison;

/// <summary>
/// A table in the paper's layout (Table 2: model, modality, parameters, MAE mass, MAE age; Tables 3-7: the ablated
/// setting, parameters, MAE mass, MAE age), MAE as mean ± std over the folds, written as Markdown and JSON.
/// </summary>
internal static class ResultTable
{
    /// <summary>Writes TITLE as <c>NAME.md</c> and <c>NAME.json</c> in <paramref name="folder"/>; returns the Markdown.</summary>
    /// <param name="folder">Output folder.</param>
    /// <param name="name">File name without extension.</param>
    /// <param name="title">The table's caption.</param>
    /// <param name="firstColumn">Heading of the row names ("Model", "Star operator", "Kernel size", ...).</param>
    /// <param name="rows">One per configuration.</param>
    /// <param name="withModality">True for Table 2's modality column.</param>
    public static string Write(string folder, string name, string title, string firstColumn, IReadOnlyList<ComparisonModelResult> rows, bool withModality)
    {
        string markdown = new ComparisonResult(rows).ToMarkdown(title, firstColumn, withModality);
        AtomicFile.WriteText(Path.Combine(folder, name + ".md"), w => w.Write(markdown));
        var json = new
        {
            title,
            folds = rows[0].Folds.Count,
            rows = rows.Select(r => new
            {
                key = r.Model.Name,
                label = r.Model.Label,
                modality = r.Model.Modality,
                parameters = r.ParameterCount,
                maeMass = new { mean = r.MaeMass.Mean, std = r.MaeMass.StdDev },
                maeAge = new { mean = r.MaeAge.Mean, std = r.MaeAge.StdDev },
                perFold = r.Folds.Select(f => new
                {
                    fold = f.Fold,
                    trainCount = f.TrainCount,
                    testCount = f.Metrics.Mass.Count,
                    bestEpoch = f.BestEpoch,
                    maeMass = f.Metrics.Mass.MeanAbsoluteError,
                    maeAge = f.Metrics.Age.MeanAbsoluteError,
                }),
                recipe = new
                {
                    r.Model.Options.LearningRate,
                    r.Model.Options.SchedulePeriod,
                    r.Model.Options.ScheduleMultiplier,
                    r.Model.Options.BatchSize,
                    r.Model.Options.MaxEpochs,
                    r.Model.Options.EarlyStoppingPatience,
                    r.Model.Options.StandardizeTargets,
                    r.Model.Options.StandardizeSpectra,
                    initialWeights = r.Model.Options.InitialWeights is { } w ? Path.GetFileName(w) : null,
                },
            }),
        };
        AtomicFile.WriteText(Path.Combine(folder, name + ".json"), w => w.Write(JsonSerializer.Serialize(json, MetricsReport.Json)));
        return markdown;
    }
}
