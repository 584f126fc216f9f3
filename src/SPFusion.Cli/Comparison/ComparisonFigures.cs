using SPFusion.Cli.Plots;
using SPFusion.ML.Evaluation;

namespace SPFusion.Cli.Comparison;

/// <summary>The figures of a comparison or ablation, drawn from the per-fold result files (test stars of all folds together).</summary>
internal static class ComparisonFigures
{
    /// <summary>The two targets: file word, axis quantity, metric selector, and the stored stars' true and predicted values.</summary>
    public static readonly (string Word, string Quantity, Func<TwoTargetMetrics, TargetMetrics> Metric, Func<ComparisonTestStars, IReadOnlyList<float>> Truth, Func<ComparisonTestStars, IReadOnlyList<float>> Predicted)[] Targets =
    [
        ("mass", "mass (Msun)", m => m.Mass, s => s.Mass, s => s.PredictedMass),
        ("age", "age (Gyr)", m => m.Age, s => s.Age, s => s.PredictedAge),
    ];

    /// <summary>Predicted vs true per model and target (Figures 3-4): FOLDER/KEY-TARGET-predicted-vs-true.png.</summary>
    public static IEnumerable<string> PredictedVersusTrue(IReadOnlyList<ComparisonModelResult> models, string folder)
    {
        foreach (var model in models)
        {
            foreach (var (word, quantity, _, truth, predicted) in Targets)
            {
                var t = model.Folds.SelectMany(f => truth(f.Stars)).ToArray();
                var p = model.Folds.SelectMany(f => predicted(f.Stars)).ToArray();
                yield return PaperFigures.PredictedVersusTrue($"{model.Model.Label}: {quantity}, test stars of {model.Folds.Count} folds", quantity, t, p,
                    Path.Combine(folder, $"{model.Model.Name}-{word}-predicted-vs-true.png"));
            }
        }
    }

    /// <summary>MAE vs SNR per target with one line per model (Figures 5-6, or 7-8 for the star ablation): FOLDER/NAME-TARGET.png.</summary>
    public static IEnumerable<string> MaeVersusSnr(IReadOnlyList<ComparisonModelResult> models, string folder, string name, string titlePrefix)
    {
        foreach (var (word, quantity, metric, _, _) in Targets)
        {
            var lines = models.Select(m => (m.Model.Label, (IReadOnlyList<(double, double)>)m.MaeBySnr(metric).Select(b => (b.Bin.Lower, b.Mae)).ToList())).ToList();
            yield return PaperFigures.MaeVersusSnr($"{titlePrefix}MAE of {quantity} vs g-band SNR", quantity, lines, Path.Combine(folder, $"{name}-{word}.png"));
        }
    }
}
