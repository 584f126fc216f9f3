using System.CommandLine;
using System.Text.Json;
using Microsoft.ML;
using SPFusion.Cli.CommandLine;
using SPFusion.Cli.Plots;
using SPFusion.ML.Evaluation;
using SPFusion.ML.MLNet;
using SPFusion.Transforms.Datasets;
using SPFusion.Transforms.MLNet;

namespace SPFusion.Cli.Commands;

/// <summary><c>spfusion evaluate</c>: both targets' metrics of a model on a labelled dataset.</summary>
internal sealed class EvaluateCommand : ICliCommand
{
    /// <inheritdoc/>
    public string Name => "evaluate";

    /// <inheritdoc/>
    public string Summary => "MAE, RMSE, R^2, residuals and MAE per SNR bin of a model on a labelled dataset (and the sigmas' calibration when it gives them)";

    /// <inheritdoc/>
    public IEnumerable<Symbol> Symbols => [_model, _data, _out, _figures, _calibrateOn, _saveCalibrated, _skipInvalid, _threads];

    private readonly Option<string?> _figures = CliOptions.Text("--figures", "DIR",
        "also draw predicted vs true per target and, for a model with sigmas, the calibration curve and sigma vs SNR (PNG)");

    private readonly Option<string?> _calibrateOn = CliOptions.Text("--calibrate-on", "DIR",
        "a prepared, labelled validation dataset (not the test stars): fit one sigma scale per target there so that ±1σ covers 68.3%, " +
        "and report the metrics before and after it (a model with sigmas only)");

    private readonly Option<string?> _saveCalibrated = CliOptions.Text("--save-calibrated", "FILE.zip",
        "with --calibrate-on: also write a copy of the model with the fitted factors stored in it (its predict and survey sigmas are then calibrated)");

    private readonly Option<string?> _model = CliOptions.Text("--model", "model.zip|FILE.onnx|published",
        "a model zip (train), an ONNX file (export-onnx) or published (the authors' weights shipped with the tool)", required: true);

    private readonly Option<int?> _threads = CliOptions.Int("--threads",
        "ONNX Runtime intra-op threads, at most the number of cores (default: the number of cores)", min: 1);

    private readonly Option<string?> _data = CliOptions.Text("--data", "DIR", "a prepared, labelled dataset (spfusion prepare)", required: true);

    private readonly Option<string?> _out = CliOptions.Text("--out", "report.json", "also write the metrics as JSON");

    private readonly Option<bool> _skipInvalid = CliOptions.Flag("--skip-invalid",
        "leave out (and list) stars whose mass or age is missing instead of refusing the dataset");

    /// <inheritdoc/>
    public int Run(ParseResult args, TextWriter stdout, TextWriter stderr)
    {
        string modelPath = PublishedModel.Resolve(args.GetValue(_model)!);
        string dataDir = args.GetValue(_data)!;
        int? threads = ScoringThreads.Read(args, _threads);
        string? output = args.GetValue(_out);
        string? figures = args.GetValue(_figures);
        string? validationDir = args.GetValue(_calibrateOn);
        string? saveCalibrated = args.GetValue(_saveCalibrated);
        bool skipInvalid = args.GetValue(_skipInvalid);
        if (saveCalibrated is not null && validationDir is null)
            throw new CliUsageException("--save-calibrated stores the factors --calibrate-on fits: give --calibrate-on too");
        InputFile.Require("--model", modelPath);
        var outputs = new OutputPath().InputFile("--model", modelPath).InputFolder("--data", dataDir);
        if (validationDir is not null) outputs.InputFolder("--calibrate-on", validationDir);
        outputs.Check("--out", output);
        outputs.Check("--save-calibrated", saveCalibrated);
        if (figures is not null) outputs.CheckNotInput("--figures", figures);
        var unlabelled = MissingLabels.Find(dataDir, Name, skipInvalid);
        var unlabelledValidation = validationDir is null ? [] : MissingLabels.Find(validationDir, Name, skipInvalid);

        var ml = new MLContext();
        var data = Load(ml, dataDir, unlabelled, stdout);
        using var scorer = BatchScorer.Open(ml, modelPath, data, threads);
        var scored = scorer.Score(data).Select(s => ScoredStar.From(s.Star, s.Prediction)).ToList();
        var metrics = Evaluate(ml, scored);
        MetricsReport.WriteTable(stdout, metrics);
        MetricsReport.WriteUncertaintyTable(stdout, metrics);
        MetricsReport.WriteSigmaSnrContrast(stdout, scored);

        SigmaCalibration? calibration = null;
        TwoTargetMetrics? calibrated = null;
        if (validationDir is not null)
        {
            if (metrics.Mass.Uncertainty is null || metrics.Age.Uncertainty is null)
                throw new InvalidDataException($"{modelPath}: the model gives no sigma for mass and age, so --calibrate-on has nothing to scale");
            var validation = Load(ml, validationDir, unlabelledValidation, stdout);
            var validationScored = scorer.Score(validation).Select(s => ScoredStar.From(s.Star, s.Prediction)).ToList();
            (calibration, calibrated) = Calibrate(ml, validationScored, scored);
            stdout.WriteLine();
            stdout.WriteLine($"sigma scale fitted on {validationScored.Count} validation stars ({validationDir}):");
            MetricsReport.WriteCalibrationTable(stdout, calibration);
            stdout.WriteLine();
            stdout.WriteLine("with the scaled sigmas:");
            MetricsReport.WriteUncertaintyTable(stdout, calibrated);
            if (saveCalibrated is not null)
            {
                calibration.SaveCalibratedModel(ml, modelPath, saveCalibrated);
                stdout.WriteLine($"calibrated model: {Path.GetFullPath(saveCalibrated)}");
            }
        }
        if (figures is not null)
        {
            foreach (string path in EvaluationFigures.Write(figures, scored, metrics)) stdout.WriteLine($"figure: {Path.GetFullPath(path)}");
        }
        if (output is not null)
        {
            AtomicFile.WriteText(output, w => w.Write(Json(modelPath, dataDir, metrics, MetricsReport.SigmaSnrContrast(scored), validationDir, calibration, calibrated)));
            stdout.WriteLine($"report: {Path.GetFullPath(output)}");
        }
        return 0;
    }

    /// <summary>
    /// The JSON report: model, data and metrics; with sigmas the median sigma at low and high SNR; with a calibration also
    /// the validation folder, each target's factor and coverage before and after there, and the metrics with the scaled sigmas.
    /// Tuples are written as named members (System.Text.Json would write a tuple's fields as an empty object).
    /// </summary>
    internal static string Json(string model, string data, TwoTargetMetrics metrics,
        IReadOnlyList<(string Target, double LowSnrMedian, double HighSnrMedian, double Ratio)> sigmaSnrContrast,
        string? validation, SigmaCalibration? calibration, TwoTargetMetrics? calibrated)
    {
        var report = new Dictionary<string, object?> { ["model"] = model, ["data"] = data, ["metrics"] = metrics };
        if (sigmaSnrContrast.Count > 0)
        {
            report["medianSigmaBySnr"] = sigmaSnrContrast.ToDictionary(c => c.Target, c => new
            {
                lowSnr = $"< {MetricsReport.LowSnr:0}",
                lowSnrMedian = c.LowSnrMedian,
                highSnr = $"> {MetricsReport.HighSnr:0}",
                highSnrMedian = c.HighSnrMedian,
                ratio = c.Ratio,
            });
        }
        if (calibration is not null)
        {
            report["calibration"] = new { validation, mass = calibration.Mass, age = calibration.Age };
            report["calibratedMetrics"] = calibrated;
        }
        return JsonSerializer.Serialize(report, MetricsReport.Json);
    }

    /// <summary>Both targets' metrics of scored stars, with the uncertainty part when the predictions carried sigmas.</summary>
    internal static TwoTargetMetrics Evaluate(MLContext ml, IReadOnlyList<ScoredStar> scored) =>
        TwoTargetEvaluator.Evaluate(ScoredStar.ToDataView(ml, scored));

    /// <summary>The sigma scale fitted on <paramref name="validation"/>, and <paramref name="test"/>'s metrics with it applied.</summary>
    internal static (SigmaCalibration Calibration, TwoTargetMetrics Calibrated) Calibrate(MLContext ml, IReadOnlyList<ScoredStar> validation, IReadOnlyList<ScoredStar> test)
    {
        var calibration = SigmaCalibration.Fit(ScoredStar.ToDataView(ml, validation));
        return (calibration, TwoTargetEvaluator.Evaluate(calibration.Apply(ScoredStar.ToDataView(ml, test))));
    }

    private static IDataView Load(MLContext ml, string dataDir, IReadOnlyList<string> unlabelled, TextWriter stdout)
    {
        var data = ml.Data.LoadAuthorsDataset(dataDir);
        if (unlabelled.Count == 0) return data;
        // NaN is ML.NET's missing value for floats, so this drops exactly the stars listed.
        foreach (string id in unlabelled) stdout.WriteLine($"skipped obsid {id}: mass or age missing");
        return ml.Data.FilterRowsByMissingValues(data, nameof(AuthorsDatasetRow.Mass), nameof(AuthorsDatasetRow.Age));
    }
}
