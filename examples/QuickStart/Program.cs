// SPFusion quick start: raw survey files -> ML.NET pipeline -> 3-fold cross-validation of SPFusion and the
// spectrum-only ConvNeXt 1D baseline -> paper-style table and plots -> model.zip -> reload -> predictions.
using System.Diagnostics;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using SPFusion.Examples.QuickStart;
using SPFusion.ML;
using SPFusion.ML.MLNet;
using SPFusion.ML.Network;
using SPFusion.ML.Persistence;
using SPFusion.Transforms;
using SPFusion.Transforms.Catalogs;
using SPFusion.Transforms.Datasets;

QuickStartOptions options;
try
{
    if (QuickStartOptions.Parse(args) is not { } parsed) return 0; // --help
    options = parsed;
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine($"QuickStart: {ex.Message}");
    return 2;
}

string? temporary = null; // the synthetic survey's folder: regenerated on every run, so deleted at its end
try
{
    var clock = Stopwatch.StartNew();
    var ml = new MLContext(seed: options.Seed);

    // 1. Raw files: a catalogue of stars with their LAMOST spectrum and SDSS g/r/i frames.
    // Bad input fails here, before any training: the starting weights first, then the catalogue and its files.
    string? initialWeights = PublishedWeights.Resolve(options);
    var (catalogPath, synthesised) = SurveySource.Find(options);
    temporary = synthesised;
    var entries = SurveyCatalog.Read(catalogPath);
    var (usableEntries, skipped) = new StarPreparer().Partition(entries);
    var usable = SurveyStarRow.From(usableEntries).ToList();
    Console.WriteLine($"catalogue: {entries.Count} stars, {usable.Count} usable, {skipped.Count} skipped");
    foreach (var s in skipped) Console.WriteLine($"  skipped obsid {s.Entry.ObsId}: {s.Reason}");

    // 2. The ML.NET preparation transforms (spectrum crop/normalise, g/r/i band alignment), run once for all training runs.
    var preparation = SurveyPreparation.Pipeline(ml).Fit(ml.Data.LoadFromEnumerable(usable));
    var prepared = SurveyPreparation.Prepare(ml, preparation, usable);
    var data = ml.Data.LoadFromEnumerable(prepared);
    Directory.CreateDirectory(options.Output);

    // 3. Cross-validation of both networks and of the linear references on the same folds. By default both networks start
    //    from random weights with the small-survey preset; --initial-weights fine-tunes the authors' published weights
    //    (SPFusion whole; the baseline takes the release's spectral extractor, the same ConvNeXt 1D, and a new head).
    Console.WriteLine(initialWeights is null
        ? $"starting weights: random (seed {options.Seed}), training preset SmallSurvey; --initial-weights published fine-tunes the authors' weights (the way to reproduce the paper's numbers on real data)"
        : $"starting weights: {initialWeights} (fine-tuning, published recipe)");
    var progress = new RunProgress([
        .. Enumerable.Repeat(("SPFusion", options.Epochs), options.Folds),
        .. Enumerable.Repeat(("ConvNeXt 1D", options.Epochs), options.Folds),
    ]);
    var results = new List<(string Model, SPFusion.ML.Evaluation.TwoTargetCrossValidationResult Cv)>
    {
        ("SPFusion", ModelComparison.CrossValidate(ml, data, options, initialWeights, NetworkVariant.SPFusion, "SPFusion", progress)),
        ("ConvNeXt 1D", ModelComparison.CrossValidate(ml, data, options, initialWeights, NetworkVariant.ConvNeXt1D, "ConvNeXt 1D", progress)),
    };
    Console.WriteLine("linear references (exact ridge regression, penalty chosen on a 30% hold-out of each fold's training rows) on the same folds");
    var linear = new List<(string Model, SPFusion.ML.Evaluation.TwoTargetCrossValidationResult Cv)>
    {
        (LinearReference.SpectrumName, LinearReference.CrossValidate(ml, data, options, withImages: false)),
        (LinearReference.ImagesName, LinearReference.CrossValidate(ml, data, options, withImages: true)),
    };
    string table = ResultsTable.Render([.. results, .. linear]);
    // The level a network must beat to have learned anything: every star predicted at the mean label.
    float meanMass = prepared.Average(r => r.Mass), meanAge = prepared.Average(r => r.Age);
    double meanLabelMaeMass = prepared.Average(r => Math.Abs(r.Mass - meanMass)), meanLabelMaeAge = prepared.Average(r => Math.Abs(r.Age - meanAge));
    table += $"\nReference: predicting every star at the mean label gives MAE mass {meanLabelMaeMass:0.0000} Msun, age {meanLabelMaeAge:0.0000} Gyr.\n";
    Console.WriteLine();
    Console.WriteLine(table);
    // Every output is written atomically (a failed run leaves earlier files as they were, never a partial one).
    AtomicFile.WriteText(Path.Combine(options.Output, "cv-table.md"), w => w.Write(table));
    var report = new
    {
        models = results.Concat(linear).Select(r => new
        {
            model = r.Model,
            folds = r.Cv.Folds.Select(f => new { f.Fold, f.TrainCount, f.TestCount, mass = f.Metrics.Mass, age = f.Metrics.Age }),
            maeMass = r.Cv.Summary(m => m.Mass.MeanAbsoluteError),
            maeAge = r.Cv.Summary(m => m.Age.MeanAbsoluteError),
        }),
        meanLabel = new { maeMass = meanLabelMaeMass, maeAge = meanLabelMaeAge },
    };
    AtomicFile.WriteText(Path.Combine(options.Output, "cv-report.json"), w => w.Write(
        JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals })));

    // 4. Plots like the paper's figures.
    string plots = Directory.CreateDirectory(Path.Combine(options.Output, "plots")).FullName;
    foreach (var (model, cv) in results)
    {
        foreach (var path in PaperPlots.PredictedVersusTrue(cv, plots, model)) Console.WriteLine($"plot: {path}");
    }
    foreach (var path in PaperPlots.MaeVersusSnr(results, plots)) Console.WriteLine($"plot: {path}");

    // 5. The model to keep: the SPFusion fold model with the lowest validation loss (each fold's trainer held out its own
    //    validation rows, so this choice never sees a test set). A separate run on all stars would cost a sixth of the
    //    quick start's time for a third more training rows; `spfusion train` does that for real work.
    var kept = results[0].Cv.Folds.MinBy(f => ((SPFusionPredictionTransformer)f.Model).History.BestValidationLoss)!;
    var final = (SPFusionPredictionTransformer)kept.Model;
    Console.WriteLine($"model to save: SPFusion from fold {kept.Fold} (lowest validation loss, {final.History.BestValidationLoss:0.000}; " +
        $"trained on {final.History.TrainCount} stars, best epoch {final.History.BestEpoch})");
    var attention = final.Transform(ml.Data.LoadFromEnumerable(prepared.Take(32))).GetColumn<float[]>(SPFusionColumns.ChannelAttention).ToArray();
    Console.WriteLine($"plot: {PaperPlots.ChannelAttention(attention, plots)}");

    // 6. One model from raw files to predictions: save, reload in a fresh MLContext, predict five stars.
    var endToEnd = new TransformerChain<ITransformer>(preparation, final);
    ModelRoundTrip.SaveReloadPredict(ml, endToEnd, usable.Take(5).ToList(),
        Path.Combine(options.Output, "model.zip"), Path.Combine(options.Output, "predictions.csv"));

    Console.WriteLine();
    foreach (string line in Verdict.Lines([.. results, .. linear])) Console.WriteLine(line);
    Console.WriteLine($"outputs in {Path.GetFullPath(options.Output)}; finished in {clock.Elapsed:mm\\:ss}");
    return 0;
}
catch (Exception ex) when (InputErrors.Is(ex))
{
    Console.Error.WriteLine($"QuickStart: {InputErrors.Describe(ex)}");
    return InputErrors.ExitCode;
}
finally
{
    if (temporary is not null && Directory.Exists(temporary)) Directory.Delete(temporary, recursive: true);
}
