using System.CommandLine;
using System.Text.Json;
using Microsoft.ML;
using SPFusion.Cli.CommandLine;
using SPFusion.ML.Evaluation;
using SPFusion.ML.MLNet;
using SPFusion.ML.Persistence;
using SPFusion.ML.Training;
using SPFusion.Transforms.Datasets;
using SPFusion.Transforms.MLNet;

namespace SPFusion.Cli.Commands;

/// <summary><c>spfusion cv</c>: K-fold cross-validation of both targets, on the dataset's own fold folders when it has them.</summary>
internal sealed class CvCommand : ICliCommand
{
    /// <inheritdoc/>
    public string Name => "cv";

    /// <inheritdoc/>
    public string Summary => "cross-validate (default 3 folds) on a prepared dataset; per-fold and mean ± std metrics as JSON " +
        "(for a model with sigmas on prepared folds, also each test fold's coverage with the sigma scale fitted on its validation rows)";

    /// <inheritdoc/>
    public IEnumerable<Symbol> Symbols => [_data, _out, _folds, _ensembleOut, .. _training.Symbols];

    private readonly TrainingArguments _training = new();

    private readonly Option<string?> _data = CliOptions.Text("--data", "DIR", "dataset in the authors' layout (spfusion prepare writes it)", required: true);

    private readonly Option<string?> _out = CliOptions.Text("--out", "report.json", "the per-fold and mean metrics as JSON", required: true);

    private readonly Option<int?> _folds = CliOptions.Int("--folds",
        "uses all of DIR/fold1..K/{train,val,test} when spfusion prepare --folds K wrote them (--folds, if given, must be K); " +
        "otherwise ML.NET's fold split of DIR into --folds (default 3) folds", min: 2);

    private readonly Option<string?> _ensembleOut = CliOptions.Text("--ensemble-out", "ensemble.zip",
        "also combine the K fold models into one model zip: the mean of their predictions, and their spread (sample standard deviation) as mass_sigma, age_sigma");

    /// <inheritdoc/>
    public int Run(ParseResult args, TextWriter stdout, TextWriter stderr)
    {
        string dataDir = args.GetValue(_data)!;
        string output = args.GetValue(_out)!;
        int? requestedFolds = args.GetValue(_folds);
        string? ensembleOut = args.GetValue(_ensembleOut);
        var ml = new MLContext(seed: 42);
        var options = _training.Parse(args, ml, stdout);
        TrainingArguments.CheckInputs(options);
        // A prepared dataset's fold folders hold subsets of its stars; a folds-only folder is checked fold by fold.
        var labelled = File.Exists(AuthorsDatasetLayout.LabelPath(dataDir))
            ? [dataDir]
            : FoldFolders.All(dataDir).SelectMany(f => new[] { "train", "val", "test" }.Select(s => Path.Combine(f.Path, s))).ToList();
        foreach (string dir in labelled) MissingLabels.Find(dir, Name, options.InvalidRows == InvalidRowHandling.Skip);
        var outputs = new OutputPath().InputFolder("--data", dataDir).InputFile("--initial-weights", options.InitialWeights);
        outputs.Check("--out", output);
        // Checked before the first fold trains, like --out: a refused ensemble path must not cost the whole run.
        outputs.Check("--ensemble-out", ensembleOut);
        if (ensembleOut is not null && CanonicalPath.Of(ensembleOut) == CanonicalPath.Of(output))
            throw new IOException($"--ensemble-out {ensembleOut} is the --out report; choose another path");

        // A dataset with its own fold folders is cross-validated on all of them: running fewer would leave some stars
        // never tested while the report still reads "over K folds".
        int ownFoldCount = FoldFolders.PreparedCount(dataDir, requestedFolds);
        bool ownFolds = ownFoldCount > 0;
        int folds = ownFolds ? ownFoldCount : requestedFolds ?? 3;
        if (!ownFolds)
        {
            // Checked before the first fold trains: more folds than stars leaves a fold without test stars.
            int stars = new AuthorsDatasetReader(dataDir).Labels.Count;
            if (folds > stars)
                throw new CliUsageException(CliOptions.Range("--folds", $"must be between 2 and the number of stars in --data ({stars})", folds));
        }
        var results = new List<(int Fold, TwoTargetMetrics Metrics, long Train, long Test)>();
        var uncertainties = new List<CvFoldUncertainty?>(); // per own fold, null without sigmas
        var members = new List<(byte[] Onnx, string Source)>();
        IDataView? schemaData = null;
        if (ownFolds)
        {
            for (int k = 1; k <= folds; k++)
            {
                string fold = FoldFolders.Of(dataDir, k);
                stdout.WriteLine($"fold {k}/{folds} ({fold})");
                var train = ml.Data.LoadAuthorsDataset(Path.Combine(fold, "train"));
                var validation = ml.Data.LoadAuthorsDataset(Path.Combine(fold, "val"));
                var test = ml.Data.LoadAuthorsDataset(Path.Combine(fold, "test"));
                using var model = ml.Regression.Trainers.SPFusion(ml, options with { ValidationData = validation }).Fit(train);
                var metrics = ml.Regression.EvaluateTwoTargets(model.Transform(test));
                results.Add((k, metrics, model.History.TrainCount, metrics.Mass.Count));
                members.Add((model.OnnxModel, $"fold {k} ({fold})"));
                schemaData ??= train;
                Report(stdout, k, metrics);
                var uncertainty = CvFoldUncertainty.Of(ml, model, metrics, validation, test);
                uncertainty?.Report(stdout, k);
                uncertainties.Add(uncertainty);
            }
        }
        else
        {
            stdout.WriteLine($"{dataDir} has no fold1..fold{folds} folders: splitting with ML.NET's CrossValidationSplit (seed {options.Seed})");
            var all = ml.Data.LoadAuthorsDataset(dataDir);
            var cv = ml.Regression.CrossValidateTwoTargets(ml, all, ml.Regression.Trainers.SPFusion(ml, options), folds, seed: options.Seed,
                onFold: f => Report(stdout, f.Fold, f.Metrics));
            results.AddRange(cv.Folds.Select(f => (f.Fold, f.Metrics, f.TrainCount, f.TestCount)));
            foreach (var f in cv.Folds)
            {
                // The trainer's transformer holds its exported graph; the fold keeps the model until the process ends.
                var model = (SPFusionPredictionTransformer)f.Model;
                members.Add((model.OnnxModel, $"fold {f.Fold}"));
                model.Dispose();
            }
            schemaData = all;
        }

        var summary = new TwoTargetCrossValidationSummary(results.Select(r => r.Metrics).ToList());
        stdout.WriteLine($"MAE mass {summary.MaeMass} Msun, age {summary.MaeAge} Gyr over {folds} folds");
        // Only prepared folds have validation rows of their own to fit a factor on.
        var sigmaSummary = uncertainties.Count > 0 && uncertainties.All(u => u is not null) ? CvUncertaintySummary.Of(uncertainties!) : null;
        sigmaSummary?.Report(stdout, folds);
        var report = new
        {
            data = dataDir,
            folds = results.Select((r, i) => new
            {
                fold = r.Fold,
                trainCount = r.Train,
                testCount = r.Test,
                metrics = r.Metrics,
                uncertainty = uncertainties.ElementAtOrDefault(i)?.ToJson(),
            }),
            mean = new { maeMass = summary.MaeMass, maeAge = summary.MaeAge, rmseMass = summary.RmseMass, rmseAge = summary.RmseAge, calibratedSigma = sigmaSummary },
        };
        AtomicFile.WriteText(output, w => w.Write(JsonSerializer.Serialize(report, MetricsReport.Json)));
        stdout.WriteLine($"report: {Path.GetFullPath(output)}");
        if (ensembleOut is not null)
        {
            var c = options.Columns;
            var modelOptions = new SPFusionModelOptions { SpectrumColumn = c.Spectrum, PhotometryColumn = c.Photometry, Score = options.Score };
            SPFusionEnsemble.Save(ml, members, ensembleOut, modelOptions, schemaData);
            stdout.WriteLine($"ensemble of the {members.Count} fold models (mean and sample standard deviation): {Path.GetFullPath(ensembleOut)}");
        }
        return 0;
    }

    private static void Report(TextWriter w, int fold, TwoTargetMetrics m) =>
        w.WriteLine($"fold {fold}: MAE mass {m.Mass.MeanAbsoluteError:0.0000} Msun, age {m.Age.MeanAbsoluteError:0.0000} Gyr");

    private sealed record TwoTargetCrossValidationSummary(IReadOnlyList<TwoTargetMetrics> Folds)
    {
        public MeanStd MaeMass => MeanStd.Of(Folds.Select(f => f.Mass.MeanAbsoluteError).ToArray());
        public MeanStd MaeAge => MeanStd.Of(Folds.Select(f => f.Age.MeanAbsoluteError).ToArray());
        public MeanStd RmseMass => MeanStd.Of(Folds.Select(f => f.Mass.RootMeanSquaredError).ToArray());
        public MeanStd RmseAge => MeanStd.Of(Folds.Select(f => f.Age.RootMeanSquaredError).ToArray());
    }
}
