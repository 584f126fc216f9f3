using System.Text.Json;
using Microsoft.ML;
using SPFusion.Cli.CommandLine;
using SPFusion.ML.Evaluation;
using SPFusion.ML.MLNet;
using SPFusion.Transforms.Datasets;
using SPFusion.Transforms.MLNet;

namespace SPFusion.Cli.Commands;

/// <summary><c>spfusion evaluate</c>: both targets' metrics of a model on a labelled dataset.</summary>
public sealed class EvaluateCommand : ICliCommand
{
    /// <inheritdoc/>
    public string Name => "evaluate";

    /// <inheritdoc/>
    public string Summary => "MAE, RMSE, R^2, residuals and MAE per SNR bin of a model on a labelled dataset";

    /// <inheritdoc/>
    public string Usage =>
        "usage: spfusion evaluate --model model.zip|FILE.onnx|published --data DIR [--out report.json] [--skip-invalid]\n" +
        "  --skip-invalid        leave out (and list) stars whose mass or age is missing instead of refusing the dataset";

    /// <inheritdoc/>
    public int Run(CliArguments args, TextWriter stdout, TextWriter stderr)
    {
        string modelPath = PublishedModel.Resolve(args.Required("model"));
        string dataDir = args.Required("data");
        string? output = args.String("out");
        bool skipInvalid = args.Flag("skip-invalid");
        args.EnsureAllUsed();
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
        var model = ModelFiles.Load(ml, modelPath, data);
        using var release = model as IDisposable; // deletes ML.NET's temporary copy of the graph
        var metrics = ml.Regression.EvaluateTwoTargets(model.Transform(data));
        MetricsReport.WriteTable(stdout, metrics);
        if (output is not null)
        {
            AtomicFile.WriteText(output, w => w.Write(JsonSerializer.Serialize(new { model = modelPath, data = dataDir, metrics }, MetricsReport.Json)));
            stdout.WriteLine($"report: {Path.GetFullPath(output)}");
        }
        return 0;
    }
}
