using System.Globalization;
using SPFusion.Transforms.Datasets;

namespace SPFusion.Cli.Plots;

/// <summary>
/// The paper's figures as PNG (ScottPlot): predicted vs true coloured by absolute residual (Figures 3-4), MAE vs g-band
/// SNR with one line per model (Figures 5-8) and the SE channel-attention heatmap (Figure 9). Also compiled into the
/// quick start, so the tool and the example draw them alike. Every file is written atomically.
/// </summary>
internal static class PaperFigures
{
    /// <summary>Colour levels of the residual scale; the legend gives each level's range, as a stepped colour bar.</summary>
    private const int ResidualLevels = 6;

    /// <summary>Predicted against true with the one-to-one line; points coloured by |predicted - true| (Viridis, low to high).</summary>
    public static string PredictedVersusTrue(string title, string quantity, IReadOnlyList<float> truth, IReadOnlyList<float> predicted, string path)
    {
        var plot = new ScottPlot.Plot();
        var residual = truth.Zip(predicted, (t, p) => Math.Abs((double)p - t)).ToArray();
        // The 98th percentile tops the scale, so a few outliers do not squeeze every other point into the first colour.
        double top = Math.Max(Percentile(residual, 0.98), 1e-12);
        var colormap = new ScottPlot.Colormaps.Viridis();
        for (int level = 0; level < ResidualLevels; level++)
        {
            double lo = top * level / ResidualLevels, hi = top * (level + 1) / ResidualLevels;
            bool last = level == ResidualLevels - 1;
            var members = Enumerable.Range(0, residual.Length).Where(i => residual[i] >= lo && (last || residual[i] < hi)).ToArray();
            if (members.Length == 0) continue;
            var points = plot.Add.ScatterPoints(members.Select(i => (double)truth[i]).ToArray(), members.Select(i => (double)predicted[i]).ToArray());
            points.MarkerSize = 4;
            points.Color = colormap.GetColor((level + 0.5) / ResidualLevels);
            points.LegendText = last
                ? string.Create(CultureInfo.InvariantCulture, $"|residual| >= {lo:0.###}")
                : string.Create(CultureInfo.InvariantCulture, $"|residual| {lo:0.###}-{hi:0.###}");
        }
        double min = Math.Min(truth.Min(), predicted.Min()), max = Math.Max(truth.Max(), predicted.Max());
        var line = plot.Add.Line(min, min, max, max);
        line.LineColor = ScottPlot.Colors.Gray;
        plot.ShowLegend();
        plot.Title(title);
        plot.XLabel($"true {quantity}");
        plot.YLabel($"predicted {quantity}");
        AtomicFile.WriteVia(path, temporary => plot.SavePng(temporary, 620, 560));
        return path;
    }

    /// <summary>MAE against the g-band SNR bin centre, one line per model (bins without stars are left out).</summary>
    public static string MaeVersusSnr(string title, string quantity, IReadOnlyList<(string Label, IReadOnlyList<(double Lower, double Mae)> Bins)> lines, string path)
    {
        var plot = new ScottPlot.Plot();
        foreach (var (label, bins) in lines)
        {
            var scatter = plot.Add.Scatter(bins.Select(b => b.Lower + 5).ToArray(), bins.Select(b => b.Mae).ToArray());
            scatter.LegendText = label;
        }
        plot.ShowLegend();
        plot.Title(title);
        plot.XLabel("g-band SNR (bin centre; last bin SNR >= 100)");
        plot.YLabel($"MAE {quantity}");
        AtomicFile.WriteVia(path, temporary => plot.SavePng(temporary, 620, 520));
        return path;
    }

    /// <summary>The SE channel attention of a batch of stars (rows) over the 96 fused channels (columns).</summary>
    public static string ChannelAttention(float[][] attention, string path)
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
        AtomicFile.WriteVia(path, temporary => plot.SavePng(temporary, 1100, 520));
        return path;
    }

    private static double Percentile(double[] values, double q)
    {
        var sorted = values.Order().ToArray();
        return sorted[(int)Math.Min(sorted.Length - 1, Math.Floor(q * sorted.Length))];
    }
}
