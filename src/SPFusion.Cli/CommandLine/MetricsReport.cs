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
