using System.Globalization;
using SPFusion.ML.Survey;
using SPFusion.Transforms.Catalogs;

namespace SPFusion.Cli.CommandLine;

/// <summary>
/// <c>predict --catalog</c>: a survey run from raw files (<see cref="SurveyEstimator"/>) into a CSV, FITS or Parquet table,
/// with a progress bar (rate and ETA) on a terminal and a count of each status at the end.
/// </summary>
internal static class CatalogPrediction
{
    public static int Run(string catalogPath, string modelPath, string output, SurveyEstimatorOptions options, bool resume,
        TextWriter stdout)
    {
        InputFile.Require("--catalog", catalogPath);
        InputFile.Require("--model", modelPath);
        if (options.FallbackModelPath is { } fallback) InputFile.Require("--fallback-model", fallback);
        ML.Survey.Output.SurveyTable.FormatOf(output);
        var outputs = new OutputPath().InputFile("--catalog", catalogPath).InputFile("--model", modelPath).InputFile("--fallback-model", options.FallbackModelPath);
        outputs.Check("--out", output);
        // Nor may the table replace a file the catalogue lists (a spectrum or a frame): checked before any star is read.
        string full = Path.GetFullPath(output);
        foreach (var row in SurveyCatalog.ReadRows(catalogPath))
        {
            if (row.Entry is { } e && (e.SpectrumPath == full || e.GPath == full || e.RPath == full || e.IPath == full))
                throw new IOException($"--out {output} is a file the catalogue lists on line {row.Line}; choose another output path");
        }

        using var estimator = new SurveyEstimator(modelPath, options);
        SurveyRunSummary summary;
        using (var bar = new ProgressBar(options.Shard.IsAll ? "predict" : $"predict shard {options.Shard}", 0))
        {
            var progress = new SynchronousProgress<SurveyProgress>(p => bar.Update(p.Done, p.Total));
            summary = estimator.EstimateToFile(catalogPath, output, resume, progress);
        }

        string counts = string.Join(", ", SurveyStatusText.All.Select(s => $"{SurveyStatusText.Of(s)} {summary.StatusCounts[s]}"));
        string how = summary.AlreadyFinished ? "already finished by an earlier run"
            : summary.ResumedRows > 0 ? string.Create(CultureInfo.InvariantCulture, $"{summary.ResumedRows} rows resumed from the interrupted run")
            : "";
        stdout.WriteLine($"{summary.Rows} rows{(options.Shard.IsAll ? "" : $" (shard {options.Shard})")}: {counts}");
        stdout.WriteLine($"estimates: {summary.OutputPath}{(how.Length > 0 ? $" ({how})" : "")}");
        return 0;
    }

    /// <summary>Reports on the caller's thread (Progress&lt;T&gt; would post to the thread pool and lag the bar).</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
