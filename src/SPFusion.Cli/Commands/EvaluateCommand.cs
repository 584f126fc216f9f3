using System.CommandLine;
using System.Text.Json;
using Microsoft.ML;
using SPFusion.Cli.CommandLine;
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
    public string Summary => "MAE, RMSE, R^2, residuals and MAE per SNR bin of a model on a labelled dataset";

    /// <inheritdoc/>
    public IEnumerable<Symbol> Symbols => [_model, _data, _out, _skipInvalid, _threads];

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
        bool skipInvalid = args.GetValue(_skipInvalid);
        InputFile.Require("--model", modelPath);
        new OutputPath().InputFile("--model", modelPath).InputFolder("--data", dataDir).Check("--out", output);
        var unlabelled = MissingLabels.Find(dataDir, Name, skipInvalid);

        var ml = new MLContext();
        var data = ml.Data.LoadAuthorsDataset(dataDir);
        if (unlabelled.Count > 0)
        {
            // NaN is ML.NET's missing value for floats, so this drops exactly the stars listed.
            data = ml.Data.FilterRowsByMissingValues(data, nameof(AuthorsDatasetRow.Mass), nameof(AuthorsDatasetRow.Age));
            foreach (string id in unlabelled) stdout.WriteLine($"skipped obsid {id}: mass or age missing");
        }
        using var scorer = BatchScorer.Open(ml, modelPath, data, threads);
        var scored = scorer.Score(data).Select(s => new ScoredStar
        {
            Mass = s.Star.Mass,
            Age = s.Star.Age,
            Snr = s.Star.Snr,
            PredictedMass = s.Prediction.PredictedMass,
            PredictedAge = s.Prediction.PredictedAge,
        }).ToList();
        var metrics = TwoTargetEvaluator.Evaluate(ml.Data.LoadFromEnumerable(scored));
        MetricsReport.WriteTable(stdout, metrics);
        if (output is not null)
        {
            AtomicFile.WriteText(output, w => w.Write(JsonSerializer.Serialize(new { model = modelPath, data = dataDir, metrics }, MetricsReport.Json)));
            stdout.WriteLine($"report: {Path.GetFullPath(output)}");
        }
        return 0;
    }
}
