using System.CommandLine;
using System.Text.Json;
using Microsoft.ML;
using SPFusion.Cli.CommandLine;
using SPFusion.ML.MLNet;
using SPFusion.ML.Training;
using SPFusion.Transforms.Datasets;
using SPFusion.Transforms.MLNet;

namespace SPFusion.Cli.Commands;

/// <summary><c>spfusion train</c>: trains on a dataset in the authors' layout and writes an ML.NET model zip.</summary>
internal sealed class TrainCommand : ICliCommand
{
    /// <inheritdoc/>
    public string Name => "train";

    /// <inheritdoc/>
    public string Summary => "train SPFusion (or the ConvNeXt 1D baseline) on a prepared dataset; writes model.zip";

    /// <inheritdoc/>
    public IEnumerable<Symbol> Symbols => [_data, _out, _validation, _onnx, .. _training.Symbols];

    private readonly TrainingArguments _training = new();

    private readonly Option<string?> _data = CliOptions.Text("--data", "DIR", "dataset in the authors' layout (spfusion prepare writes it)", required: true);

    private readonly Option<string?> _out = CliOptions.Text("--out", "model.zip", "the model zip to write (and its .history.json beside it)", required: true);

    private readonly Option<string?> _validation = CliOptions.Text("--validation", "DIR", "explicit validation set (default: 30% of --data, seeded)");

    private readonly Option<string?> _onnx = CliOptions.Text("--onnx", "FILE.onnx", "also write the trained network as ONNX");

    /// <inheritdoc/>
    public int Run(ParseResult args, TextWriter stdout, TextWriter stderr)
    {
        string dataDir = args.GetValue(_data)!;
        string output = args.GetValue(_out)!;
        string? validationDir = args.GetValue(_validation);
        string? onnx = args.GetValue(_onnx);
        var ml = new MLContext();
        var options = _training.Parse(args, ml, stdout);
        string history = Path.ChangeExtension(output, ".history.json");
        TrainingArguments.CheckInputs(options);
        bool skipInvalid = options.InvalidRows == InvalidRowHandling.Skip; // the trainer itself skips and lists them
        MissingLabels.Find(dataDir, Name, skipInvalid);
        if (validationDir is not null) MissingLabels.Find(validationDir, Name, skipInvalid);
        var outputs = new OutputPath().InputFolder("--data", dataDir).InputFolder("--validation", validationDir)
            .InputFile("--initial-weights", options.InitialWeights);
        outputs.Check("--out", output);
        outputs.Check("--out (its .history.json)", history);
        outputs.Check("--onnx", onnx);
        outputs.Check("--weights", options.SaveWeightsTo);

        var data = ml.Data.LoadAuthorsDataset(dataDir);
        if (validationDir is not null) options = options with { ValidationData = ml.Data.LoadAuthorsDataset(validationDir) };
        using var model = ml.Regression.Trainers.SPFusion(ml, options).Fit(data);
        AtomicFile.Write(output, stream => ml.Model.Save(model, data.Schema, stream));
        if (onnx is not null) AtomicFile.Write(onnx, stream => stream.Write(model.OnnxModel));

        var h = model.History;
        stdout.WriteLine($"best epoch {h.BestEpoch} of {h.Epochs.Count} (validation loss {h.BestValidationLoss:0.0000}){(h.StoppedEarly ? ", stopped early" : "")}; " +
            $"{h.TrainCount} training and {h.ValidationCount} validation stars{(h.SkippedRows.Count > 0 ? $", {h.SkippedRows.Count} skipped" : "")}");
        foreach (var s in h.SkippedRows) stdout.WriteLine($"skipped row {s.Row}{(s.Id is null ? "" : $" (obsid {s.Id})")}: {s.Reason}");
        AtomicFile.WriteText(history, w => w.Write(JsonSerializer.Serialize(h, MetricsReport.Json)));
        stdout.WriteLine($"model: {Path.GetFullPath(output)}");
        return 0;
    }
}
