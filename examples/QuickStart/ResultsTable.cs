using System.Text;
using SPFusion.ML.Evaluation;

namespace SPFusion.Examples.QuickStart;

/// <summary>The paper-style comparison table: per-fold MAE, mean ± std, and MAE per g-band SNR bin.</summary>
internal static class ResultsTable
{
    public static string Render(IReadOnlyList<(string Model, TwoTargetCrossValidationResult Cv)> results)
    {
        var sb = new StringBuilder();
        int folds = results[0].Cv.Folds.Count;
        foreach (var (target, select) in Targets)
        {
            sb.AppendLine($"MAE of {target}");
            sb.Append($"| {"model",-15} |");
            for (int f = 1; f <= folds; f++) sb.Append($" fold {f,-3} |");
            sb.AppendLine(" mean ± std       |");
            sb.Append("|-----------------|");
            for (int f = 1; f <= folds; f++) sb.Append("----------|");
            sb.AppendLine("------------------|");
            foreach (var (model, cv) in results)
            {
                sb.Append($"| {model,-15} |");
                foreach (var fold in cv.Folds) sb.Append($" {select(fold.Metrics).MeanAbsoluteError,8:0.0000} |");
                sb.AppendLine($" {cv.Summary(m => select(m).MeanAbsoluteError),-16} |");
            }
            sb.AppendLine();
        }
        foreach (var (target, select) in Targets)
        {
            sb.AppendLine($"MAE of {target} per g-band SNR bin (mean over folds; n = stars in the bin)");
            sb.Append($"| {"SNR",-7} | {"n",5} |");
            foreach (var (model, _) in results) sb.Append($" {model,-15} |");
            sb.AppendLine();
            sb.Append("|---------|-------|");
            foreach (var _ in results) sb.Append("-----------------|");
            sb.AppendLine();
            var bins = results.Select(r => r.Cv.SnrSummary(select)).ToList();
            for (int b = 0; b < bins[0].Count; b++)
            {
                if (bins[0][b].Bin.Count == 0) continue;
                sb.Append($"| {bins[0][b].Bin.Label,-7} | {bins[0][b].Bin.Count,5} |");
                foreach (var model in bins) sb.Append($" {model[b].Mae.Mean,15:0.0000} |");
                sb.AppendLine();
            }
            sb.AppendLine();
        }
        return sb.ToString();
    }

    public static readonly (string Name, Func<TwoTargetMetrics, TargetMetrics> Select)[] Targets =
    [
        ("mass (Msun)", m => m.Mass),
        ("age (Gyr)", m => m.Age),
    ];
}
