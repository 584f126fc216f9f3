using System.CommandLine;
using System.Globalization;
using Microsoft.ML;
using SPFusion.Cli.CommandLine;
using SPFusion.ML.Survey;
using SPFusion.Transforms.Datasets;
using SPFusion.Transforms.MLNet;

namespace SPFusion.Cli.Commands;

/// <summary>
/// <c>spfusion predict</c>: mass and age for every star of a prepared dataset (<c>--data</c>, CSV), or of a survey
/// catalogue straight from its raw files (<c>--catalog</c>, CSV, FITS or Parquet, resumable, shardable).
/// </summary>
internal sealed class PredictCommand : ICliCommand
{
    /// <inheritdoc/>
    public string Name => "predict";

    /// <inheritdoc/>
    public string Summary => "predict mass and age for a prepared dataset (--data) or a whole survey catalogue from its raw files (--catalog)";

    /// <inheritdoc/>
    public IEnumerable<Symbol> Symbols => [_model, _data, _catalog, _out, _threads, _fallback, _onError, _resume, _shard, _chunkSize, _frameDecode];

    private readonly Option<string?> _model = CliOptions.Text("--model", "model.zip|FILE.onnx|published",
        "a model zip (train), an ONNX file (export-onnx) or published (the authors' weights shipped with the tool)", required: true);

    private readonly Option<int?> _threads = CliOptions.Int("--threads",
        "ONNX Runtime intra-op threads, at most the number of cores (default: the number of cores)", min: 1);

    private readonly Option<string?> _data = CliOptions.Text("--data", "DIR", "a prepared dataset (spfusion prepare)");

    private readonly Option<string?> _catalog = CliOptions.Text("--catalog", "CATALOG.csv",
        "a survey catalogue (the columns prepare reads; g, r, i may be empty): every row is estimated from its raw files and gets a status");

    private readonly Option<string?> _out = CliOptions.Text("--out", "FILE",
        "--data: the CSV to write (obsid,mass,age, and mass_sigma,age_sigma for a model with an uncertainty such as cv --ensemble-out); " +
        "--catalog: estimates.csv, .fits or .parquet (obsid,mass,age,[mass_sigma,age_sigma,]status,model,message,catalog_line)",
        required: true);

    private readonly Option<string?> _fallback = CliOptions.Text("--fallback-model", "model.zip|FILE.onnx",
        "--catalog: a spectrum-only model (e.g. train --model convnext1d) for stars whose frames are unusable (column model = fallback)");

    private readonly Option<OnError?> _onError = CliOptions.Choice("--on-error",
        "--catalog: record (default) gives each problem row its status and goes on; fail stops at the first one",
        ("record", OnError.Record), ("fail", OnError.Fail));

    private readonly Option<bool> _resume = CliOptions.Flag("--resume",
        "--catalog: continue a killed run after its last committed chunk (OUT.parts/); the output equals an uninterrupted run's");

    private readonly Option<string?> _shard = CliOptions.Text("--shard", "K/N|auto/N",
        "--catalog: estimate shard K of N (0-based; stars sharing frames stay together); auto takes K from SLURM_ARRAY_TASK_ID, JOB_COMPLETION_INDEX or AWS_BATCH_JOB_ARRAY_INDEX");

    private readonly Option<int?> _chunkSize = CliOptions.Int("--chunk-size",
        "--catalog: rows prepared, scored and committed together (default 256); a resume must use the same", min: 1);

    private readonly Option<SurveyFrameDecoding?> _frameDecode = CliOptions.Choice("--frame-decode",
        "--catalog: auto (default) decodes frames shared by 8+ stars whole and reads the others only around their stars' rows (the bzip2 blocks from the start or from the end, whichever are fewer); whole decodes every frame whole",
        ("auto", SurveyFrameDecoding.Auto), ("whole", SurveyFrameDecoding.Whole));

    private enum OnError
    {
        Record,
        Fail,
    }

    /// <inheritdoc/>
    public int Run(ParseResult args, TextWriter stdout, TextWriter stderr)
    {
        string modelPath = PublishedModel.Resolve(args.GetValue(_model)!);
        string? dataDir = args.GetValue(_data);
        string? catalog = args.GetValue(_catalog);
        int? threads = ScoringThreads.Read(args, _threads);
        string output = args.GetValue(_out)!;
        if ((dataDir is null) == (catalog is null)) throw new CliUsageException("predict needs exactly one of --data DIR and --catalog CATALOG.csv");
        if (catalog is null)
        {
            foreach (var (name, given) in new (string, bool)[] { ("--fallback-model", args.GetValue(_fallback) is not null), ("--on-error", args.GetValue(_onError) is not null), ("--resume", args.GetValue(_resume)), ("--shard", args.GetValue(_shard) is not null), ("--chunk-size", args.GetValue(_chunkSize) is not null), ("--frame-decode", args.GetValue(_frameDecode) is not null) })
            {
                if (given) throw new CliUsageException($"{name} applies to --catalog runs only");
            }
            return PredictDataset(modelPath, dataDir!, output, threads, stdout);
        }

        var options = new SurveyEstimatorOptions
        {
            FallbackModelPath = args.GetValue(_fallback) is { } f ? PublishedModel.Resolve(f) : null,
            StopAtFirstProblem = args.GetValue(_onError) == OnError.Fail,
            IntraOpNumThreads = threads ?? Environment.ProcessorCount,
            Shard = args.GetValue(_shard) is { } shard ? ShardArgument.Parse(shard) : SurveyShard.All,
        };
        if (args.GetValue(_chunkSize) is { } chunk) options = options with { ChunkSize = chunk };
        if (args.GetValue(_frameDecode) is { } decode) options = options with { FrameDecoding = decode };
        return CatalogPrediction.Run(catalog, modelPath, output, options, args.GetValue(_resume), stdout);
    }

    private static int PredictDataset(string modelPath, string dataDir, string output, int? threads, TextWriter stdout)
    {
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
            // A model with an uncertainty (an ensemble) adds its sigmas; any other keeps the three columns it always had.
            bool sigma = scorer.HasUncertainty;
            csv.WriteLine(sigma ? "obsid,mass,age,mass_sigma,age_sigma" : "obsid,mass,age");
            foreach (var (star, p) in scorer.Score(data))
            {
                csv.WriteLine(sigma
                    ? string.Create(CultureInfo.InvariantCulture, $"{star.ObsId},{p.PredictedMass:R},{p.PredictedAge:R},{p.MassSigma:R},{p.AgeSigma:R}")
                    : string.Create(CultureInfo.InvariantCulture, $"{star.ObsId},{p.PredictedMass:R},{p.PredictedAge:R}"));
                count++;
            }
        });
        stdout.WriteLine($"{count} predictions: {Path.GetFullPath(output)}");
        return 0;
    }
}
