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
using SPFusion.Transforms.Catalogs;

QuickStartOptions options;
try
{
    options = QuickStartOptions.Parse(args);
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
        ("SPFusion", options.Epochs),
    ]);
    var results = new List<(string Model, SPFusion.ML.Evaluation.TwoTargetCrossValidationResult Cv)>
    {
        ("SPFusion", ModelComparison.CrossValidate(ml, data, options, initialWeights, NetworkVariant.SPFusion, "SPFusion", progress)),
        ("ConvNeXt 1D", ModelComparison.CrossValidate(ml, data, options, initialWeights, NetworkVariant.ConvNeXt1D, "ConvNeXt 1D", progress)),
    };
    Console.WriteLine("linear references (ridge regression, ML.NET SDCA) on the same folds");
    var linear = new List<(string Model, SPFusion.ML.Evaluation.TwoTargetCrossValidationResult Cv)>
    {
        (LinearReference.SpectrumName, LinearReference.CrossValidate(ml, data, options, withImages: false)),
        (LinearReference.ImagesName, LinearReference.CrossValidate(ml, data, options, withImages: true)),
    };
    string table = ResultsTable.Render([.. results, .. linear]);
    // The level a network must beat to have learned anything: every star predicted at the mean label.
    float meanMass = prepared.Average(r => r.Mass), meanAge = prepared.Average(r => r.Age);
    table += $"\nReference: predicting every star at the mean label gives MAE mass {prepared.Average(r => Math.Abs(r.Mass - meanMass)):0.0000} Msun, " +
        $"age {prepared.Average(r => Math.Abs(r.Age - meanAge)):0.0000} Gyr.\n";
    Console.WriteLine();
    Console.WriteLine(table);
    File.WriteAllText(Path.Combine(options.Output, "cv-table.md"), table);
    var report = results.Select(r => new
    {
        model = r.Model,
        folds = r.Cv.Folds.Select(f => new { f.Fold, f.TrainCount, f.TestCount, mass = f.Metrics.Mass, age = f.Metrics.Age }),
        maeMass = r.Cv.Summary(m => m.Mass.MeanAbsoluteError),
        maeAge = r.Cv.Summary(m => m.Age.MeanAbsoluteError),
    });
    File.WriteAllText(Path.Combine(options.Output, "cv-report.json"),
        JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals }));

    // 4. Plots like the paper's figures.
    string plots = Directory.CreateDirectory(Path.Combine(options.Output, "plots")).FullName;
    foreach (var (model, cv) in results)
    {
        foreach (var path in PaperPlots.PredictedVersusTrue(cv, plots, model)) Console.WriteLine($"plot: {path}");
    }
    foreach (var path in PaperPlots.MaeVersusSnr(results, plots)) Console.WriteLine($"plot: {path}");

    // 5. The final model on all usable stars, with channel attention for the heatmap, chained after the preparation.
    Console.WriteLine("training the final SPFusion model on all usable stars");
    var final = ml.Regression.Trainers.SPFusion(ml, ModelComparison.TrainerOptions(options, initialWeights, NetworkVariant.SPFusion, progress.For("SPFusion final")) with { OutputChannelAttention = true }).Fit(data);
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
