using System.Globalization;
using SPFusion.ML.Evaluation;
using SPFusion.Transforms.Datasets;

namespace SPFusion.Cli.Plots;

/// <summary>
/// The uncertainty figures as PNG (ScottPlot): the calibration curve (observed against nominal coverage of central Gaussian
/// intervals, with the diagonal a calibrated sigma follows) and sigma against g-band SNR. Written atomically.
/// </summary>
internal static class UncertaintyFigures
{
    /// <summary>
    /// One line per target: for each of the ten nominal coverages p (10% to 90%, 95%), the share of stars with
    /// |residual| &lt;= Φ⁻¹((1 + p) / 2) σ. Above the diagonal the sigmas are too large, below too small.
    /// </summary>
    public static string CalibrationCurve(string title, IReadOnlyList<(string Label, IReadOnlyList<(double Expected, double Observed)> Points)> lines, string path)
    {
        var plot = new ScottPlot.Plot();
        var diagonal = plot.Add.Line(0, 0, 1, 1);
        diagonal.LineColor = ScottPlot.Colors.Gray;
        diagonal.LegendText = "calibrated";
        foreach (var (label, points) in lines)
        {
            var scatter = plot.Add.Scatter(points.Select(p => p.Expected).ToArray(), points.Select(p => p.Observed).ToArray());
            scatter.LegendText = label;
        }
        plot.Axes.SetLimits(0, 1, 0, 1);
        plot.ShowLegend();
        plot.Title(title);
        plot.XLabel("nominal coverage of the central Gaussian interval");
        plot.YLabel("observed share of stars inside");
        AtomicFile.WriteVia(path, temporary => plot.SavePng(temporary, 560, 560));
        return path;
    }

    /// <summary>Each star's sigma against its g-band SNR, with the median sigma of each SNR bin (bins without stars left out).</summary>
    public static string SigmaVersusSnr(string title, string quantity, IReadOnlyList<float> snr, IReadOnlyList<float> sigma, IReadOnlyList<SnrBinMetrics> bins, string path)
    {
        var plot = new ScottPlot.Plot();
        var stars = plot.Add.ScatterPoints(snr.Select(s => (double)s).ToArray(), sigma.Select(s => (double)s).ToArray());
        stars.MarkerSize = 3;
        stars.Color = ScottPlot.Colors.SteelBlue.WithAlpha(0.5);
        stars.LegendText = "stars";
        var filled = bins.Where(b => b.Count > 0 && b.Uncertainty is not null).ToArray();
        if (filled.Length > 0)
        {
            // The open last bin (SNR >= 100) is drawn at 105, like the MAE-vs-SNR figure's bin centres.
            var median = plot.Add.Scatter(filled.Select(b => b.Lower + (TargetAccumulator.SnrBinWidth / 2)).ToArray(), filled.Select(b => b.Uncertainty!.MedianSigma).ToArray());
            median.LineWidth = 2;
            median.Color = ScottPlot.Colors.OrangeRed;
            median.LegendText = string.Create(CultureInfo.InvariantCulture, $"median per SNR bin (width {TargetAccumulator.SnrBinWidth:0})");
        }
        // Sigma falls with SNR, so the upper right is where the stars are not.
        plot.ShowLegend(ScottPlot.Alignment.UpperRight);
        plot.Title(title);
        plot.XLabel("g-band SNR");
        plot.YLabel($"sigma of {quantity}");
        AtomicFile.WriteVia(path, temporary => plot.SavePng(temporary, 620, 520));
        return path;
    }
}
