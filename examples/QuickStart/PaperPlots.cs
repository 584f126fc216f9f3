using Microsoft.ML;
using Microsoft.ML.Data;
using SPFusion.Cli.Plots;
using SPFusion.ML.Evaluation;
using SPFusion.Transforms;

namespace SPFusion.Examples.QuickStart;

/// <summary>
/// PNG figures like the paper's: predicted vs true, MAE vs SNR, and the SE channel-attention heatmap, drawn by the
/// spfusion tool's <see cref="PaperFigures"/> (compiled in from src/SPFusion.Cli/Plots) from the cross-validation results.
/// </summary>
internal static class PaperPlots
{
    public static IEnumerable<string> PredictedVersusTrue(TwoTargetCrossValidationResult cv, string folder, string model)
    {
        var targets = new[] { ("mass (Msun)", SPFusionColumns.Mass, SPFusionColumns.PredictedMass), ("age (Gyr)", SPFusionColumns.Age, SPFusionColumns.PredictedAge) };
        foreach (var (name, label, predicted) in targets)
        {
            var truth = cv.Folds.SelectMany(f => f.ScoredTestSet.GetColumn<float>(label)).ToArray();
            var pred = cv.Folds.SelectMany(f => f.ScoredTestSet.GetColumn<float>(predicted)).ToArray();
            yield return PaperFigures.PredictedVersusTrue($"{model}: {name}", name, truth, pred,
                Path.Combine(folder, $"{Slug(model)}-{Slug(label)}-predicted-vs-true.png"));
        }
    }

    private static string Slug(string text) => text.ToLowerInvariant().Replace(' ', '-');

    public static IEnumerable<string> MaeVersusSnr(IReadOnlyList<(string Model, TwoTargetCrossValidationResult Cv)> results, string folder)
    {
        for (int t = 0; t < 2; t++)
        {
            var (name, select) = ResultsTable.Targets[t];
            var lines = results.Select(r => (r.Model, (IReadOnlyList<(double, double)>)r.Cv.SnrSummary(select)
                .Where(b => b.Bin.Count > 0).Select(b => (b.Bin.Lower, b.Mae.Mean)).ToList())).ToList();
            yield return PaperFigures.MaeVersusSnr($"MAE of {name} vs g-band SNR", name, lines,
                Path.Combine(folder, $"mae-vs-snr-{(t == 0 ? "mass" : "age")}.png"));
        }
    }

    public static string ChannelAttention(float[][] attention, string folder) =>
        PaperFigures.ChannelAttention(attention, Path.Combine(folder, "channel-attention.png"));
}
