using Microsoft.ML;
using Microsoft.ML.Data;
using SPFusion.ML.Onnx.Uncertainty;
using SPFusion.ML.Persistence;

namespace SPFusion.ML.Evaluation;

/// <summary>
/// One scale factor per target for a model's sigmas, fitted on scored validation rows so that ±1σ covers 68.27% of them
/// there, as it does for a calibrated Gaussian. <see cref="Apply"/> scales the sigma columns of any scored data;
/// <see cref="Scales"/> gives the two factors for a model that applies them itself.
/// </summary>
/// <remarks>
/// The factor is the 0.6827 empirical quantile of the ratios q = |predicted - true| / σ, defined as the ⌈0.6827 n⌉-th
/// smallest of the n ratios (the inverse of the empirical distribution function, Hyndman and Fan's type 1): the smallest
/// ratio at or below which at least 68.27% of the rows lie. Scaling every σ by it puts exactly those rows inside ±1σ
/// (a residual on the boundary counts as inside), so the coverage after is ⌈0.6827 n⌉ / n unless ratios tie.
/// One factor per target keeps each star's relative sigma (which stars are hard) and only fixes the overall size.
/// </remarks>
/// <param name="Mass">The mass sigma's factor and coverages.</param>
/// <param name="Age">The age sigma's factor and coverages.</param>
public sealed record SigmaCalibration(TargetSigmaCalibration Mass, TargetSigmaCalibration Age)
{
    /// <summary>The ±1σ coverage the factors are fitted to: P(|z| &lt;= 1) = 0.6827 for a standard normal z.</summary>
    public const double TargetCoverage = GaussianCoverage.OneSigma;

    /// <summary>The two factors, e.g. to multiply a graph's sigma output by.</summary>
    public (double MassScale, double AgeScale) Scales => (Mass.Scale, Age.Scale);

    /// <summary>
    /// Saves a copy of a model with these factors stored in it: its total sigma (<c>prediction_sigma</c>) is multiplied by
    /// them inside the ONNX graph (the parts such as <c>ensemble_sigma</c> stay raw, and the factors are recorded in the
    /// graph's metadata), so every reader of the copy (<c>SPFusionModelFile.Load</c>, the batch predictor,
    /// <c>spfusion predict</c>) gives calibrated sigmas.
    /// </summary>
    /// <param name="mlContext">The context the zip is composed and saved with.</param>
    /// <param name="modelPath">The model these factors were fitted for: a model zip or an ONNX file with an uncertainty.</param>
    /// <param name="calibratedZipPath">The model zip to write (atomically); not <paramref name="modelPath"/>.</param>
    /// <param name="options">Input column names and Score target of the saved model; null: the defaults.</param>
    /// <exception cref="ArgumentException">The output is the input.</exception>
    /// <exception cref="FileNotFoundException">No file at <paramref name="modelPath"/>.</exception>
    /// <exception cref="InvalidDataException">The model has no uncertainty or is calibrated already; names the file.</exception>
    public void SaveCalibratedModel(MLContext mlContext, string modelPath, string calibratedZipPath, SPFusionModelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        ArgumentException.ThrowIfNullOrEmpty(calibratedZipPath);
        if (Path.GetFullPath(modelPath) == Path.GetFullPath(calibratedZipPath))
            throw new ArgumentException($"the calibrated model {calibratedZipPath} would replace the model it is made from; write it elsewhere", nameof(calibratedZipPath));
        byte[] graph = OnnxModelZip.ReadGraph(modelPath, "model");
        OnnxModelZip.Save(mlContext, SigmaScalingGraph.Apply(graph, Mass.Scale, Age.Scale, modelPath), calibratedZipPath, options, input: null);
    }

    /// <summary>Fits both factors on scored validation rows that have labels, predictions and both sigma columns.</summary>
    /// <param name="validation">Scored validation rows (not the rows the model is tested on).</param>
    /// <param name="columns">Column names; defaults to the SPFusion names. Both sigma names must be set and present.</param>
    /// <exception cref="ArgumentException">A column is missing or not a float scalar, or there are no rows.</exception>
    /// <exception cref="InvalidDataException">
    /// A label or prediction is not finite or a sigma not a finite number &gt; 0 (naming the row and column), or at least
    /// 68.27% of a target's residuals are exactly 0 (the factor would be 0).
    /// </exception>
    public static SigmaCalibration Fit(IDataView validation, TwoTargetColumns? columns = null)
    {
        ArgumentNullException.ThrowIfNull(validation);
        columns ??= new TwoTargetColumns();
        var schema = validation.Schema;
        var targets = new[]
        {
            (Label: columns.Mass, Predicted: columns.PredictedMass, Sigma: RequiredSigma(columns.MassSigma, nameof(TwoTargetColumns.MassSigma))),
            (Label: columns.Age, Predicted: columns.PredictedAge, Sigma: RequiredSigma(columns.AgeSigma, nameof(TwoTargetColumns.AgeSigma))),
        };
        var cols = targets.Select(t => new[] { t.Label, t.Predicted, t.Sigma }.Select(n => TwoTargetEvaluator.FloatColumn(schema, n)).ToArray()).ToArray();
        using var cursor = validation.GetRowCursor(cols.SelectMany(c => c).DistinctBy(c => c.Index));
        var getters = cols.Select(c => c.Select(cursor.GetGetter<float>).ToArray()).ToArray();
        var ratios = new[] { new List<double>(), new List<double>() };
        long row = 0;
        float label = 0, predicted = 0, sigma = 0;
        while (cursor.MoveNext())
        {
            for (int t = 0; t < 2; t++)
            {
                getters[t][0](ref label);
                getters[t][1](ref predicted);
                getters[t][2](ref sigma);
                TwoTargetEvaluator.Check(row, targets[t].Label, label);
                TwoTargetEvaluator.Check(row, targets[t].Predicted, predicted);
                TwoTargetEvaluator.CheckSigma(row, targets[t].Sigma, sigma);
                ratios[t].Add(Math.Abs((double)predicted - label) / sigma);
            }
            row++;
        }
        if (row == 0) throw new ArgumentException("the validation data view has no rows to fit the sigma scale on", nameof(validation));
        return new SigmaCalibration(FitTarget(ratios[0], targets[0].Sigma), FitTarget(ratios[1], targets[1].Sigma));
    }

    /// <summary>
    /// <paramref name="scored"/> with its sigma columns multiplied by <see cref="Scales"/> (in double, rounded to float);
    /// every other column, and the row order, unchanged. Lazy: the rows are scaled as they are read.
    /// </summary>
    /// <exception cref="ArgumentException">A sigma column is missing or not a float scalar.</exception>
    public IDataView Apply(IDataView scored, TwoTargetColumns? columns = null)
    {
        ArgumentNullException.ThrowIfNull(scored);
        columns ??= new TwoTargetColumns();
        var mass = TwoTargetEvaluator.FloatColumn(scored.Schema, RequiredSigma(columns.MassSigma, nameof(TwoTargetColumns.MassSigma)));
        var age = TwoTargetEvaluator.FloatColumn(scored.Schema, RequiredSigma(columns.AgeSigma, nameof(TwoTargetColumns.AgeSigma)));
        return new ScaledColumnsView(scored, new Dictionary<int, double> { [mass.Index] = Mass.Scale, [age.Index] = Age.Scale });
    }

    /// <summary>The factor for one target's ratios |r| / σ (see the remarks on the quantile).</summary>
    internal static TargetSigmaCalibration FitTarget(IReadOnlyList<double> ratios, string sigmaColumn)
    {
        if (ratios.Count == 0) throw new ArgumentException("no rows to fit the sigma scale on", nameof(ratios));
        var sorted = ratios.ToArray();
        Array.Sort(sorted);
        int rank = (int)Math.Ceiling(TargetCoverage * sorted.Length); // 1-based, at least 1
        double scale = sorted[Math.Max(rank, 1) - 1];
        if (!(scale > 0))
        {
            throw new InvalidDataException($"column '{sigmaColumn}': at least {TargetCoverage:P2} of the {sorted.Length} residuals are exactly 0, " +
                "so no scale factor can give the sigmas a 68.27% coverage (the factor would be 0)");
        }
        return new TargetSigmaCalibration(sorted.Length, scale, GaussianCoverage.Fraction(sorted, 1), GaussianCoverage.Fraction(sorted.Select(q => q / scale).ToArray(), 1));
    }

    private static string RequiredSigma(string? name, string option) =>
        name ?? throw new ArgumentException($"the sigma scale needs {nameof(TwoTargetColumns)}.{option} (it is null)");
}
