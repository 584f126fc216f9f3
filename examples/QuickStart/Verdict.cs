using SPFusion.ML.Evaluation;

namespace SPFusion.Examples.QuickStart;

/// <summary>
/// The closing lines, one per target: which model is best, by how much over the runner-up, and whether that margin
/// exceeds the fold-to-fold spread (the standard deviation over folds of the paired per-fold differences).
/// </summary>
internal static class Verdict
{
    public static IEnumerable<string> Lines(IReadOnlyList<(string Model, TwoTargetCrossValidationResult Cv)> results)
    {
        foreach (var (target, select) in ResultsTable.Targets)
        {
            var ranked = results
                .Select(r => (r.Model, r.Cv, Mae: r.Cv.Summary(m => select(m).MeanAbsoluteError).Mean))
                .OrderBy(r => r.Mae)
                .ToList();
            var (best, second) = (ranked[0], ranked[1]);
            var spfusion = ranked.Single(r => r.Model == "SPFusion");
            var baseline = ranked.Single(r => r.Model == "ConvNeXt 1D");
            double ridge = ranked.Single(r => r.Model == LinearReference.SpectrumName).Mae;
            yield return $"verdict, {target}: {best.Model} is best (MAE {best.Mae:0.0000}), {Compare(best, second, select)}; " +
                $"SPFusion's MAE is {spfusion.Mae / ridge:0.00}x the spectrum ridge's; SPFusion is {Compare(spfusion, baseline, select)}.";
        }
    }

    /// <summary>"x% below|above B (MAE); the margin m exceeds|does not exceed the fold-to-fold spread of the differences (s)".</summary>
    private static string Compare((string Model, TwoTargetCrossValidationResult Cv, double Mae) a, (string Model, TwoTargetCrossValidationResult Cv, double Mae) b,
        Func<TwoTargetMetrics, TargetMetrics> select)
    {
        double[] differences = [.. a.Cv.Folds.Zip(b.Cv.Folds, (x, y) => select(y.Metrics).MeanAbsoluteError - select(x.Metrics).MeanAbsoluteError)];
        var spread = MeanStd.Of(differences);
        bool clear = Math.Abs(spread.Mean) > spread.StdDev;
        return $"{100 * Math.Abs(b.Mae - a.Mae) / b.Mae:0.0}% {(a.Mae <= b.Mae ? "below" : "above")} {b.Model} ({b.Mae:0.0000}); " +
            $"the margin {Math.Abs(spread.Mean):0.0000} {(clear ? "exceeds" : "does not exceed")} the fold-to-fold spread of the differences " +
            $"({spread.StdDev:0.0000}){(clear ? "" : ", so the two are not distinguishable on these folds")}";
    }
}
