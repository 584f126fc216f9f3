using Microsoft.ML;
using Microsoft.ML.Data;
using SPFusion.ML;
using SPFusion.ML.Evaluation;
using SPFusion.Transforms;
using SPFusion.Transforms.Datasets;

namespace SPFusion.Examples.QuickStart;

/// <summary>PNG figures like the paper's: predicted vs true, MAE vs SNR, and the SE channel-attention heatmap.</summary>
internal static class PaperPlots
{
    public static IEnumerable<string> PredictedVersusTrue(TwoTargetCrossValidationResult cv, string folder, string model)
    {
        var targets = new[] { ("mass (Msun)", SPFusionColumns.Mass, SPFusionColumns.PredictedMass), ("age (Gyr)", SPFusionColumns.Age, SPFusionColumns.PredictedAge) };
        for (int t = 0; t < 2; t++)
        {
            var (name, label, predicted) = targets[t];
            var p = new ScottPlot.Plot();
            var truth = new List<double>();
            var pred = new List<double>();
            foreach (var fold in cv.Folds)
            {
                truth.AddRange(fold.ScoredTestSet.GetColumn<float>(label).Select(v => (double)v));
                pred.AddRange(fold.ScoredTestSet.GetColumn<float>(predicted).Select(v => (double)v));
            }
            var scatter = p.Add.ScatterPoints(truth.ToArray(), pred.ToArray());
            scatter.MarkerSize = 3;
            double lo = Math.Min(truth.Min(), pred.Min()), hi = Math.Max(truth.Max(), pred.Max());
            var line = p.Add.Line(lo, lo, hi, hi);
            line.LineColor = ScottPlot.Colors.Gray;
            p.Title($"{model}: {name}");
            p.XLabel($"true {name}");
            p.YLabel($"predicted {name}");
            string path = Path.Combine(folder, $"{Slug(model)}-{Slug(label)}-predicted-vs-true.png");
            AtomicFile.WriteVia(path, temporary => p.SavePng(temporary, 560, 520));
            yield return path;
        }
    }

    private static string Slug(string text) => text.ToLowerInvariant().Replace(' ', '-');

    public static IEnumerable<string> MaeVersusSnr(IReadOnlyList<(string Model, TwoTargetCrossValidationResult Cv)> results, string folder)
    {
        for (int t = 0; t < 2; t++)
        {
            var (name, select) = ResultsTable.Targets[t];
            var p = new ScottPlot.Plot();
            foreach (var (model, cv) in results)
            {
                var bins = cv.SnrSummary(select).Where(b => b.Bin.Count > 0).ToList();
                var xs = bins.Select(b => b.Bin.Lower + 5).ToArray();
                var ys = bins.Select(b => b.Mae.Mean).ToArray();
                var s = p.Add.Scatter(xs, ys);
                s.LegendText = model;
            }
            p.ShowLegend();
            p.Title($"MAE of {name} vs g-band SNR");
            p.XLabel("g-band SNR (bin centre; last bin SNR >= 100)");
            p.YLabel($"MAE {name}");
            string path = Path.Combine(folder, $"mae-vs-snr-{(t == 0 ? "mass" : "age")}.png");
            AtomicFile.WriteVia(path, temporary => p.SavePng(temporary, 560, 520));
            yield return path;
        }
    }

    public static string ChannelAttention(float[][] attention, string folder)
    {
        var values = new double[attention.Length, attention[0].Length];
        for (int i = 0; i < attention.Length; i++)
        {
            for (int c = 0; c < attention[i].Length; c++) values[i, c] = attention[i][c];
        }
        var plot = new ScottPlot.Plot();
        var heatmap = plot.Add.Heatmap(values);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        plot.Add.ColorBar(heatmap);
        plot.Title("SE channel attention (rows: stars; columns 0-31 photometric, 32-63 fused, 64-95 spectral)");
        plot.XLabel("channel");
        plot.YLabel("star");
        string path = Path.Combine(folder, "channel-attention.png");
        AtomicFile.WriteVia(path, temporary => plot.SavePng(temporary, 1100, 520));
        return path;
    }
}
