using System.Globalization;
using SPFusion.Cli.Explain;
using SPFusion.Transforms.Datasets;

namespace SPFusion.Cli.Plots;

/// <summary>
/// The wavelength map of <c>spfusion explain</c>: the batch's mean input spectrum and the mean absolute integrated
/// gradient of one target (smoothed, scaled to its maximum) against wavelength, the regions where the attribution is above
/// half its maximum shaded, and the red clump lines of <see cref="RedClumpLines"/> inside the crop marked.
/// </summary>
internal static class AttributionFigure
{
    /// <summary>Pixels of the running mean that turns single-pixel gradients into regions (about 30 Angstrom at 5,000).</summary>
    public const int SmoothingPixels = 25;

    /// <summary>The smoothed attribution scaled to [0, 1] (NaN on padding samples).</summary>
    public static double[] Profile(double[] wavelength, double[] meanAbsoluteAttribution)
    {
        int n = wavelength.Length, half = SmoothingPixels / 2;
        var smooth = new double[n];
        for (int i = 0; i < n; i++)
        {
            if (double.IsNaN(wavelength[i]))
            {
                smooth[i] = double.NaN;
                continue;
            }
            double sum = 0;
            int count = 0;
            for (int j = Math.Max(0, i - half); j <= Math.Min(n - 1, i + half); j++)
            {
                if (double.IsNaN(wavelength[j])) continue;
                sum += meanAbsoluteAttribution[j];
                count++;
            }
            smooth[i] = sum / count;
        }
        double max = smooth.Where(double.IsFinite).DefaultIfEmpty(0).Max();
        return smooth.Select(v => max > 0 ? v / max : v).ToArray();
    }

    /// <summary>
    /// The wavelength ranges (Angstrom) where <paramref name="profile"/> is at least half its maximum; ranges closer than
    /// the smoothing width are one region (a dip narrower than the running mean is noise, not a boundary).
    /// </summary>
    public static IReadOnlyList<(double From, double To)> HalfMaximumRegions(double[] wavelength, double[] profile)
    {
        var runs = new List<(int Start, int End)>();
        int start = -1;
        for (int i = 0; i <= profile.Length; i++)
        {
            bool above = i < profile.Length && profile[i] >= 0.5;
            if (above && start < 0) start = i;
            if (!above && start >= 0)
            {
                if (runs.Count > 0 && start - runs[^1].End <= SmoothingPixels) runs[^1] = (runs[^1].Start, i - 1);
                else runs.Add((start, i - 1));
                start = -1;
            }
        }
        return runs.Select(r => (wavelength[r.Start], wavelength[r.End])).ToList();
    }

    /// <summary>Draws the map of one target to <paramref name="path"/>.</summary>
    public static string Draw(string target, double[] wavelength, double[] meanSpectrum, double[] profile, int stars, string baseline, string path)
    {
        var inside = Enumerable.Range(0, wavelength.Length).Where(i => !double.IsNaN(wavelength[i])).ToArray();
        double[] x = inside.Select(i => wavelength[i]).ToArray();
        var plot = new ScottPlot.Plot();
        foreach (var (from, to) in HalfMaximumRegions(wavelength, profile))
        {
            var span = plot.Add.HorizontalSpan(from, Math.Max(to, from + 1));
            span.FillColor = ScottPlot.Colors.Orange.WithAlpha(0.3);
            span.LineColor = ScottPlot.Colors.Transparent;
        }
        var spectrum = plot.Add.ScatterLine(x, inside.Select(i => meanSpectrum[i]).ToArray());
        spectrum.Color = ScottPlot.Colors.Gray;
        spectrum.LegendText = $"mean input spectrum ({stars} stars, min-max normalised)";
        var attribution = plot.Add.ScatterLine(x, inside.Select(i => profile[i]).ToArray());
        attribution.Color = ScottPlot.Colors.Blue;
        attribution.LegendText = $"|integrated gradient| of {target} (mean, {SmoothingPixels}-pixel running mean, / max); shaded: >= half max";
        foreach (var line in RedClumpLines.All.Where(l => l.VacuumAngstrom >= x[0] && l.VacuumAngstrom <= x[^1]))
        {
            var v = plot.Add.VerticalLine(line.VacuumAngstrom);
            v.LineColor = ScottPlot.Colors.Red.WithAlpha(0.6);
            v.LineWidth = 1;
            v.LinePattern = ScottPlot.LinePattern.Dashed;
            if (line.Mark.Length > 0) v.Text = line.Mark;
        }
        plot.ShowLegend();
        plot.Title(string.Create(CultureInfo.InvariantCulture, $"Which wavelengths move the predicted {target} (integrated gradients from a {baseline} baseline)"));
        plot.XLabel("vacuum wavelength (Angstrom)");
        plot.YLabel("normalised flux / attribution");
        AtomicFile.WriteVia(path, temporary => plot.SavePng(temporary, 1400, 560));
        return path;
    }
}
