using System.CommandLine;
using System.Globalization;
using Microsoft.ML;
using SPFusion.Cli.CommandLine;
using SPFusion.Transforms.Datasets;
using SPFusion.Transforms.MLNet;

namespace SPFusion.Cli.Commands;

/// <summary><c>spfusion predict</c>: mass and age for every star of a dataset, as CSV.</summary>
internal sealed class PredictCommand : ICliCommand
{
    /// <inheritdoc/>
    public string Name => "predict";

    /// <inheritdoc/>
    public string Summary => "predict mass and age for a prepared dataset with a model zip or an ONNX file; writes CSV";

    /// <inheritdoc/>
    public IEnumerable<Symbol> Symbols => [_model, _data, _out, _threads];

    private readonly Option<string?> _model = CliOptions.Text("--model", "model.zip|FILE.onnx|published",
        "a model zip (train), an ONNX file (export-onnx) or published (the authors' weights shipped with the tool)", required: true);

    private readonly Option<int?> _threads = CliOptions.Int("--threads",
        "ONNX Runtime intra-op threads, at most the number of cores (default: the number of cores)", min: 1);

    private readonly Option<string?> _data = CliOptions.Text("--data", "DIR", "a prepared dataset (spfusion prepare)", required: true);

    private readonly Option<string?> _out = CliOptions.Text("--out", "predictions.csv", "the CSV to write: obsid,mass,age", required: true);

    /// <inheritdoc/>
    public int Run(ParseResult args, TextWriter stdout, TextWriter stderr)
    {
        string modelPath = PublishedModel.Resolve(args.GetValue(_model)!);
        string dataDir = args.GetValue(_data)!;
        int? threads = ScoringThreads.Read(args, _threads);
        string output = args.GetValue(_out)!;
        InputFile.Require("--model", modelPath);
        new OutputPath().InputFile("--model", modelPath).InputFolder("--data", dataDir).Check("--out", output);

        var ml = new MLContext();
        var data = ml.Data.LoadAuthorsDataset(dataDir);
        using var scorer = BatchScorer.Open(ml, modelPath, data, threads);
        int count = 0;
        // Rows are scored while the file is written, so a bad star part-way through must not cost the user an earlier
        // --out file: the CSV only replaces it once every row is in.
        AtomicFile.WriteText(output, csv =>
        {
            csv.WriteLine("obsid,mass,age");
            foreach (var (star, p) in scorer.Score(data))
            {
                csv.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{star.ObsId},{p.PredictedMass:R},{p.PredictedAge:R}"));
                count++;
            }
        });
        stdout.WriteLine($"{count} predictions: {Path.GetFullPath(output)}");
        return 0;
    }
}
