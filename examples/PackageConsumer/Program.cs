// SPFusion through its NuGet packages only: a tiny synthetic survey in the real file formats, the raw-file pipeline,
// one epoch of training, a model zip, and predictions from the zip loaded in a fresh MLContext.
using Microsoft.ML;
using Microsoft.ML.Data;
using SPFusion.ML.MLNet;
using SPFusion.ML.Persistence;
using SPFusion.ML.Training;
using SPFusion.Transforms.Catalogs;
using SPFusion.Transforms.Images;
using SPFusion.Transforms.MLNet;
using SPFusion.Synthetic;

string work = Path.Combine(Path.GetTempPath(), $"spfusion-consumer-{Guid.NewGuid():N}");
try
{
    var survey = SyntheticSurvey.Generate(new SyntheticSurveyOptions { OutputDirectory = work, StarCount = 24, Seed = 5 });
    var ml = new MLContext(seed: 1);
    IDataView stars = SurveyStarRow.Load(ml, survey.CatalogPath);
    var pipeline = ml.Transforms.PrepareLamostSpectrum()
        .Append(ml.Transforms.AlignImageBands(options: new ImageBandOptions { EdgePolicy = CutoutEdgePolicy.PadWithBandMedian }))
        .Append(ml.Regression.Trainers.SPFusion(ml, new SPFusionTrainer.Options { MaxEpochs = 1, BatchSize = 8 }));
    var model = pipeline.Fit(stars);
    string zip = Path.Combine(work, "model.zip");
    ml.Model.Save(model, stars.Schema, zip);

    var fresh = new MLContext();
    fresh.ComponentCatalog.RegisterAssembly(typeof(SurveyTransformsCatalog).Assembly);
    fresh.ComponentCatalog.RegisterAssembly(typeof(SPFusionPredictionTransformer).Assembly);
    var loaded = fresh.Model.Load(zip, out _);
    using var release = loaded as IDisposable; // deletes ML.NET's temporary copy of the graph
    var scored = loaded.Transform(SurveyStarRow.Load(fresh, survey.CatalogPath));
    float[] mass = [.. scored.GetColumn<float>("PredictedMass")];
    float[] age = [.. scored.GetColumn<float>("PredictedAge")];
    float[] expected = [.. model.Transform(stars).GetColumn<float>("PredictedMass")];

    // One epoch barely moves the outputs from the label means the output bias starts at: this proves the packages, not accuracy.
    for (int i = 0; i < 3; i++) Console.WriteLine($"star {i}: mass {mass[i]:F5} Msun, age {age[i]:F4} Gyr");
    bool same = mass.Length == expected.Length && mass.Zip(expected).All(p => Math.Abs(p.First - p.Second) <= 1e-5f);
    bool finite = mass.Concat(age).All(float.IsFinite);
    Console.WriteLine(same && finite ? $"package consumer: ok ({mass.Length} stars)" : "package consumer: reloaded predictions differ or are not finite");
    return same && finite ? 0 : 1;
}
finally
{
    if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
}
