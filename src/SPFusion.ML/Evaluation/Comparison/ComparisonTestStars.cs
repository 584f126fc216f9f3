using Microsoft.ML;
using Microsoft.ML.Data;
using SPFusion.Transforms;

namespace SPFusion.ML.Evaluation;

/// <summary>The test stars of one fold, in the test rows' order: labels, predictions and g-band SNR (for figures such as the paper's 3-8).</summary>
/// <param name="Mass">True mass (Msun).</param>
/// <param name="Age">True age (Gyr).</param>
/// <param name="PredictedMass">Predicted mass (Msun).</param>
/// <param name="PredictedAge">Predicted age (Gyr).</param>
/// <param name="Snr">g-band SNR; NaN when the test rows have no <c>Snr</c> column.</param>
public sealed record ComparisonTestStars(
    IReadOnlyList<float> Mass,
    IReadOnlyList<float> Age,
    IReadOnlyList<float> PredictedMass,
    IReadOnlyList<float> PredictedAge,
    IReadOnlyList<float> Snr)
{
    /// <summary>Reads the stars of scored test rows (one pass).</summary>
    internal static ComparisonTestStars Read(IDataView scored, string massColumn, string ageColumn)
    {
        float[] mass = [.. scored.GetColumn<float>(massColumn)];
        float[] snr = scored.Schema.GetColumnOrNull(SPFusionColumns.Snr) is null
            ? [.. Enumerable.Repeat(float.NaN, mass.Length)]
            : [.. scored.GetColumn<float>(SPFusionColumns.Snr)];
        return new ComparisonTestStars(
            mass,
            [.. scored.GetColumn<float>(ageColumn)],
            [.. scored.GetColumn<float>(SPFusionColumns.PredictedMass)],
            [.. scored.GetColumn<float>(SPFusionColumns.PredictedAge)],
            snr);
    }
}
