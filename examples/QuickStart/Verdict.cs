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
            double[] differences = [.. best.Cv.Folds.Zip(second.Cv.Folds, (a, b) => select(b.Metrics).MeanAbsoluteError - select(a.Metrics).MeanAbsoluteError)];
            var spread = MeanStd.Of(differences);
            bool clear = spread.Mean > spread.StdDev;
            double spfusion = ranked.Single(r => r.Model == "SPFusion").Mae, ridge = ranked.Single(r => r.Model == LinearReference.SpectrumName).Mae;
            yield return $"verdict, {target}: {best.Model} is best (MAE {best.Mae:0.0000}), {100 * (second.Mae - best.Mae) / second.Mae:0.0}% below " +
                $"{second.Model} ({second.Mae:0.0000}); the margin {spread.Mean:0.0000} {(clear ? "exceeds" : "does not exceed")} the fold-to-fold spread " +
                $"of the differences ({spread.StdDev:0.0000}){(clear ? "" : ", so the two are not distinguishable on these folds")}; " +
                $"SPFusion's MAE is {spfusion / ridge:0.00}x the spectrum ridge's.";
        }
    }
}
