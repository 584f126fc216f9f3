using System.Text.Json;
using System.Text.Json.Serialization;
using SPFusion.ML.Evaluation;

namespace SPFusion.Cli.CommandLine;

/// <summary>Writes metrics as JSON and as a short text table.</summary>
internal static class MetricsReport
{
    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static void WriteTable(TextWriter w, TwoTargetMetrics m)
    {
        w.WriteLine($"| target      | n     | MAE     | RMSE    | R^2     | residual mean | residual std |");
        w.WriteLine($"|-------------|-------|---------|---------|---------|---------------|--------------|");
        Row(w, "mass (Msun)", m.Mass);
        Row(w, "age (Gyr)", m.Age);
        if (m.Mass.BySnr.Count == 0) return;
        w.WriteLine();
        w.WriteLine("| SNR     | n     | MAE mass | MAE age |");
        w.WriteLine("|---------|-------|----------|---------|");
        for (int b = 0; b < m.Mass.BySnr.Count; b++)
        {
            var bm = m.Mass.BySnr[b];
            if (bm.Count == 0) continue;
            w.WriteLine($"| {bm.Label,-7} | {bm.Count,5} | {bm.MeanAbsoluteError,8:0.0000} | {m.Age.BySnr[b].MeanAbsoluteError,7:0.0000} |");
        }
    }

    /// <summary>
    /// The uncertainty part of <paramref name="m"/> (coverage beside a calibrated Gaussian's, NLL, sigma size), overall and per
    /// SNR bin; nothing when neither target has sigmas.
    /// </summary>
    public static void WriteUncertaintyTable(TextWriter w, TwoTargetMetrics m)
    {
        var targets = new[] { ("mass (Msun)", m.Mass), ("age (Gyr)", m.Age) }.Where(t => t.Item2.Uncertainty is not null).ToArray();
        if (targets.Length == 0) return;
        w.WriteLine();
        w.WriteLine($"| target      | n     | within ±1σ (68.3%) | within ±2σ (95.4%) | mean NLL | mean σ  | median σ |");
        w.WriteLine($"|-------------|-------|--------------------|--------------------|----------|---------|----------|");
        foreach (var (name, t) in targets) UncertaintyRow(w, $"{name,-11}", t.Uncertainty!);
        foreach (var (name, t) in targets.Where(t => t.Item2.BySnr.Count > 0))
        {
            w.WriteLine();
            w.WriteLine($"{name} per SNR bin:");
            w.WriteLine($"| SNR         | n     | within ±1σ (68.3%) | within ±2σ (95.4%) | mean NLL | mean σ  | median σ |");
            w.WriteLine($"|-------------|-------|--------------------|--------------------|----------|---------|----------|");
            foreach (var bin in t.BySnr.Where(b => b.Count > 0)) UncertaintyRow(w, $"{bin.Label,-11}", bin.Uncertainty!);
        }
    }

    /// <summary>Stars below this g-band SNR are the "low SNR" side of <see cref="SigmaSnrContrast"/>.</summary>
    public const double LowSnr = 20;

    /// <summary>Stars above this g-band SNR are the "high SNR" side.</summary>
    public const double HighSnr = 60;

    /// <summary>
    /// Per target with sigmas, the median σ of stars with SNR &lt; 20 and of stars with SNR &gt; 60 and their ratio (the
    /// issue's check that noisier stars get larger sigmas); NaN where a side has no stars.
    /// </summary>
    public static IReadOnlyList<(string Target, double LowSnrMedian, double HighSnrMedian, double Ratio)> SigmaSnrContrast(IReadOnlyList<ScoredStar> stars)
    {
        var result = new List<(string, double, double, double)>();
        foreach (var (name, has, sigma) in new (string, Func<ScoredStar, bool>, Func<ScoredStar, float>)[]
        {
            ("mass", s => s.HasMassSigma, s => s.MassSigma),
            ("age", s => s.HasAgeSigma, s => s.AgeSigma),
        })
        {
            if (!stars.Any(has)) continue;
            double low = GaussianCoverage.Median(stars.Where(s => s.Snr < LowSnr).Select(sigma).ToList());
            double high = GaussianCoverage.Median(stars.Where(s => s.Snr > HighSnr).Select(sigma).ToList());
            result.Add((name, low, high, low / high));
        }
        return result;
    }

    /// <summary>One line per target of <see cref="SigmaSnrContrast"/>.</summary>
    public static void WriteSigmaSnrContrast(TextWriter w, IReadOnlyList<ScoredStar> stars)
    {
        var contrast = SigmaSnrContrast(stars);
        if (contrast.Count > 0) w.WriteLine();
        foreach (var (target, low, high, ratio) in contrast)
            w.WriteLine($"median σ of {target}: {low:0.0000} at SNR < {LowSnr:0}, {high:0.0000} at SNR > {HighSnr:0} ({ratio:0.00}x)");
    }

    /// <summary>The sigma scale factors fitted on validation stars and the ±1σ coverage there before and after.</summary>
    public static void WriteCalibrationTable(TextWriter w, SigmaCalibration c)
    {
        w.WriteLine($"| target      | n     | sigma scale | within ±1σ before | after (target 68.3%) |");
        w.WriteLine($"|-------------|-------|-------------|-------------------|----------------------|");
        foreach (var (name, t) in new[] { ("mass (Msun)", c.Mass), ("age (Gyr)", c.Age) })
            w.WriteLine($"| {name,-11} | {t.Count,5} | {t.Scale,11:0.0000} | {t.CoverageBefore,17:0.0%} | {t.CoverageAfter,20:0.0%} |");
    }

    private static void UncertaintyRow(TextWriter w, string name, UncertaintyMetrics u) =>
        w.WriteLine($"| {name} | {u.Count,5} | {u.WithinOneSigma,18:0.0%} | {u.WithinTwoSigma,18:0.0%} | {u.MeanNegativeLogLikelihood,8:0.000} | {u.MeanSigma,7:0.0000} | {u.MedianSigma,8:0.0000} |");

    private static void Row(TextWriter w, string name, TargetMetrics t) =>
        w.WriteLine($"| {name,-11} | {t.Count,5} | {t.MeanAbsoluteError,7:0.0000} | {t.RootMeanSquaredError,7:0.0000} | {t.RSquared,7:0.0000} | {t.ResidualMean,13:0.0000} | {t.ResidualStdDev,12:0.0000} |");
}
