// Mass and age with the SPFusion authors' published weights, from raw survey files, through ML.NET:
// catalogue -> PrepareLamostSpectrum + AlignImageBands -> ApplySPFusionModel(published ONNX) -> predictions.csv.
using System.CommandLine;
using System.CommandLine.Invocation;
using System.Globalization;
using Microsoft.ML;
using SPFusion.Cli.CommandLine;
using SPFusion.ML.MLNet;
using SPFusion.ML.Persistence;
using SPFusion.Synthetic;
using SPFusion.Transforms.Catalogs;
using SPFusion.Transforms.Datasets;
using SPFusion.Transforms.MLNet;

var modelOption = CliOptions.Text("--model", "FILE.onnx", "the published ONNX file (default: models/spfusion-published.onnx beside this program)");
var catalogOption = CliOptions.Text("--catalog", "CATALOG.csv", "a survey catalogue (default: 20 synthetic stars)");
var outOption = CliOptions.Text("--out", "FILE.csv", "the predictions to write (default published-predictions.csv)");
var root = new RootCommand("Mass and age with the SPFusion authors' published weights, from raw survey files, through ML.NET")
{
    modelOption, catalogOption, outOption,
};
var parsed = root.Parse(args);
if (parsed.Action is not (null or ParseErrorAction)) return parsed.Invoke(); // --help, --version
if (ParseErrors.First(parsed, root) is { } usage)
{
    Console.Error.WriteLine($"PublishedModel: {usage} ({ParseErrors.Synopsis("PublishedModel", root)})");
    return 2;
}
string? model = parsed.GetValue(modelOption), catalog = parsed.GetValue(catalogOption);
string output = parsed.GetValue(outOption) ?? "published-predictions.csv";

if (model is not null && !File.Exists(model))
{
    Console.Error.WriteLine($"PublishedModel: --model {model}: no such file");
    return 2;
}
model ??= FindPublishedModel();
if (model is null)
{
    Console.Error.WriteLine("PublishedModel: give --model path/to/spfusion-published.onnx (not found beside this program in models/)");
    return 2;
}

// Bad input (a missing or malformed catalogue, FITS file or output folder) ends with one line naming the file and exit code 2.
string? temporary = null; // the synthetic survey's folder without --catalog: regenerated on every run, so deleted at its end
try
{
    if (catalog is null)
    {
        // This run's own folder, deleted at its end (another run must not share it).
        string folder = temporary = Directory.CreateTempSubdirectory("spfusion-published-example-").FullName;
        Console.WriteLine($"no --catalog: synthesising 20 stars into {folder}");
        catalog = SyntheticSurvey.Generate(new SyntheticSurveyOptions { OutputDirectory = folder, StarCount = 20, Seed = 7, StarsPerField = 20, EdgeFraction = 0 }).CatalogPath;
    }

    var ml = new MLContext(seed: 1);
    var entries = SurveyCatalog.Read(catalog);
    var (usable, skipped) = new StarPreparer().Partition(entries);
    var stars = SurveyStarRow.From(usable).ToList();
    foreach (var s in skipped) Console.WriteLine($"skipped obsid {s.Entry.ObsId}: {s.Reason}");
    var data = ml.Data.LoadFromEnumerable(stars);

    var pipeline = ml.Transforms.PrepareLamostSpectrum(snrColumnName: "SpectrumSnr", obsIdColumnName: null)
        .Append(ml.Transforms.AlignImageBands())
        .Append(ml.Transforms.ApplySPFusionModel(ml, model, new SPFusionModelOptions { IncludeChannelAttention = true }));
    var scored = pipeline.Fit(data).Transform(data);
    var rows = ml.Data.CreateEnumerable<Prediction>(scored, reuseRowObject: false).ToList();

    // Atomic: a failed run leaves an earlier file as it was, never a partial one.
    AtomicFile.WriteText(output, csv =>
    {
        csv.WriteLine("obsid,mass,age,snr");
        foreach (var r in rows) csv.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.ObsId},{r.PredictedMass:0.0000},{r.PredictedAge:0.0000},{r.SpectrumSnr:0.0}"));
    });
    Console.WriteLine($"published weights: {model}");
    Console.WriteLine("| obsid          | SNR g | mass (Msun) | age (Gyr) | strongest SE channel |");
    Console.WriteLine("|----------------|-------|-------------|-----------|----------------------|");
    foreach (var r in rows)
    {
        int top = Array.IndexOf(r.ChannelAttention, r.ChannelAttention.Max());
        string group = top < 32 ? "photometric" : top < 64 ? "fused" : "spectral";
        Console.WriteLine($"| {r.ObsId,-14} | {r.SpectrumSnr,5:0} | {r.PredictedMass,11:0.000} | {r.PredictedAge,9:0.000} | {top,3} ({group,-11})    |");
    }
    Console.WriteLine($"{rows.Count} predictions: {Path.GetFullPath(output)}");
    return 0;
}
catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
{
    string message = ex.Message.ReplaceLineEndings(" ");
    if (ex is FileNotFoundException { FileName: { } file } && !message.Contains(file, StringComparison.Ordinal)) message = $"{file}: {message}";
    Console.Error.WriteLine($"PublishedModel: {message}");
    return 2;
}
finally
{
    if (temporary is not null && Directory.Exists(temporary)) Directory.Delete(temporary, recursive: true);
}

// The build copies the repository's models/spfusion-published.onnx beside this program (build/PublishedWeights.props).
static string? FindPublishedModel()
{
    string candidate = Path.Combine(AppContext.BaseDirectory, "models", "spfusion-published.onnx");
    return File.Exists(candidate) ? candidate : null;
}

internal sealed class Prediction
{
    public string ObsId { get; set; } = "";
    public float SpectrumSnr { get; set; }
    public float PredictedMass { get; set; }
    public float PredictedAge { get; set; }
    public float[] ChannelAttention { get; set; } = [];
}
