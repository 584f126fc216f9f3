using System.Globalization;
using System.Text;

namespace SPFusion.ML.Evaluation;

/// <summary>The result of <c>mlContext.Regression.CompareTwoTargets</c>: one entry per configuration, in the order given.</summary>
/// <param name="Models">The configurations' results.</param>
public sealed record ComparisonResult(IReadOnlyList<ComparisonModelResult> Models)
{
    /// <summary>Number of folds every configuration was trained and tested on.</summary>
    public int FoldCount => Models.Count > 0 ? Models[0].Folds.Count : 0;

    /// <summary>
    /// The results as a Markdown table in the paper's layout: a caption line, then one row per configuration with its
    /// label, modality (Table 2 only), parameter count and MAE of mass and age as mean ± std over the folds.
    /// </summary>
    /// <param name="title">The caption, in bold.</param>
    /// <param name="firstColumn">Heading of the row names ("Model" in Table 2, "Kernel size" in Table 4, ...).</param>
    /// <param name="includeModality">True for Table 2's modality column; the ablation tables have none.</param>
    public string ToMarkdown(string title = "Table 2: comparison", string firstColumn = "Model", bool includeModality = true)
    {
        if (Models.Count == 0) throw new InvalidOperationException("the comparison has no models");
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"**{title}** (MAE: mean ± std over {FoldCount} folds)");
        md.AppendLine();
        md.AppendLine(includeModality
            ? $"| {firstColumn} | Modality | Parameters | MAE mass (Msun) | MAE age (Gyr) |"
            : $"| {firstColumn} | Parameters | MAE mass (Msun) | MAE age (Gyr) |");
        md.AppendLine(includeModality ? "|---|---|---:|---:|---:|" : "|---|---:|---:|---:|");
        foreach (var r in Models)
        {
            string parameters = r.ParameterCount.ToString("N0", CultureInfo.InvariantCulture);
            md.AppendLine(includeModality
                ? $"| {r.Model.Label} | {r.Model.Modality} | {parameters} | {r.MaeMass} | {r.MaeAge} |"
                : $"| {r.Model.Label} | {parameters} | {r.MaeMass} | {r.MaeAge} |");
        }
        return md.ToString();
    }
}
