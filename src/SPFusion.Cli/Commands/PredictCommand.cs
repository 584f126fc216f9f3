using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using SPFusion.Cli.CommandLine;
using SPFusion.ML;
using SPFusion.Transforms;
using SPFusion.Transforms.Datasets;
using SPFusion.Transforms.MLNet;

namespace SPFusion.Cli.Commands;

/// <summary><c>spfusion predict</c>: mass and age for every star of a dataset, as CSV.</summary>
public sealed class PredictCommand : ICliCommand
{
    /// <inheritdoc/>
    public string Name => "predict";

    /// <inheritdoc/>
    public string Summary => "predict mass and age for a prepared dataset with a model zip or an ONNX file; writes CSV";

    /// <inheritdoc/>
    public string Usage => "usage: spfusion predict --model model.zip|FILE.onnx|published --data DIR --out predictions.csv";

    /// <inheritdoc/>
    public int Run(CliArguments args, TextWriter stdout, TextWriter stderr)
    {
        string modelPath = PublishedModel.Resolve(args.Required("model"));
        string dataDir = args.Required("data");
        string output = args.Required("out");
        args.EnsureAllUsed();
        InputFile.Require("--model", modelPath);
        new OutputPath().InputFile("--model", modelPath).InputFolder("--data", dataDir).Check("--out", output);

        var ml = new MLContext();
        var data = ml.Data.LoadAuthorsDataset(dataDir);
        var model = ModelFiles.Load(ml, modelPath, data);
        using var release = model as IDisposable; // deletes ML.NET's temporary copy of the graph
        var scored = model.Transform(data);
        int count = 0;
        // Rows are scored while the file is written, so a bad star part-way through must not cost the user an earlier
        // --out file: the CSV only replaces it once every row is in.
        AtomicFile.WriteText(output, csv =>
        {
            using var cursor = scored.GetRowCursor(scored.Schema.Where(c => c.Name is "ObsId" or SPFusionColumns.PredictedMass or SPFusionColumns.PredictedAge));
            var obsId = cursor.GetGetter<ReadOnlyMemory<char>>(scored.Schema["ObsId"]);
            var mass = cursor.GetGetter<float>(scored.Schema[SPFusionColumns.PredictedMass]);
            var age = cursor.GetGetter<float>(scored.Schema[SPFusionColumns.PredictedAge]);
            ReadOnlyMemory<char> id = default;
            float m = 0, a = 0;
            csv.WriteLine("obsid,mass,age");
            while (cursor.MoveNext())
            {
                obsId(ref id);
                mass(ref m);
                age(ref a);
                csv.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{id},{m:R},{a:R}"));
                count++;
            }
        });
        stdout.WriteLine($"{count} predictions: {Path.GetFullPath(output)}");
        return 0;
    }
}
