using System.Globalization;
using SPFusion.ML.Evaluation;

namespace SPFusion.Cli.Comparison;

/// <summary>
/// The log of compare and ablate: one line per reused run, per training start, per epoch (with the fold's and the whole
/// run's estimated time left) and per finished run, each prefixed with model k of n and the fold.
/// </summary>
internal sealed class ComparisonLog(TextWriter log) : IProgress<ComparisonProgress>
{
    /// <inheritdoc/>
    public void Report(ComparisonProgress value)
    {
        string where = string.Create(CultureInfo.InvariantCulture, $"model {value.ModelNumber}/{value.ModelCount} {value.Model.Name}, fold {value.Fold}/{value.FoldCount}");
        string line = value.Stage switch
        {
            ComparisonStage.Reused => $"{where}: reusing {value.ResultPath} (same recipe and data)",
            ComparisonStage.Training => string.Create(CultureInfo.InvariantCulture,
                $"{where}: training ({value.ParameterCount.ToString("N0", CultureInfo.InvariantCulture)} parameters, up to {value.Model.Options.MaxEpochs} epochs)"),
            ComparisonStage.Epoch when value.Epoch is { } e => string.Create(CultureInfo.InvariantCulture,
                $"{where}, epoch {e.Epoch}/{e.MaxEpochs}: train loss {e.TrainLoss:0.0000}, validation MAE mass {e.ValidationMaeMass:0.0000}, age {e.ValidationMaeAge:0.0000}{(e.IsBest ? " (best)" : "")}{Eta(e.EstimatedRemaining, value.EstimatedRemaining)}"),
            ComparisonStage.Finished when value.Result is { } r => string.Create(CultureInfo.InvariantCulture,
                $"{where}: MAE mass {r.Metrics.Mass.MeanAbsoluteError:0.0000} Msun, age {r.Metrics.Age.MeanAbsoluteError:0.0000} Gyr ({r.TrainingTime:hh\\:mm\\:ss}); {value.ResultPath}"),
            _ => $"{where}: {value.Stage}",
        };
        lock (log) log.WriteLine(line);
    }

    private static string Eta(TimeSpan fold, TimeSpan? run) => run is { } all
        ? $"; ETA fold {fold:hh\\:mm\\:ss}, run {all:hh\\:mm\\:ss}"
        : $"; ETA fold {fold:hh\\:mm\\:ss}";
}
