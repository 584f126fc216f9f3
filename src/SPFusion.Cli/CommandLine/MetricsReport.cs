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

    private static void Row(TextWriter w, string name, TargetMetrics t) =>
        w.WriteLine($"| {name,-11} | {t.Count,5} | {t.MeanAbsoluteError,7:0.0000} | {t.RootMeanSquaredError,7:0.0000} | {t.RSquared,7:0.0000} | {t.ResidualMean,13:0.0000} | {t.ResidualStdDev,12:0.0000} |");
}
