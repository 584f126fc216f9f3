using Microsoft.ML;
using Microsoft.ML.Data;
using SPFusion.ML.Evaluation;
using SPFusion.ML.MLNet;
using SPFusion.ML.Persistence;
using SPFusion.ML.Training;
using SPFusion.Tests.Support;
using SPFusion.Tests.Synthetic;
using SPFusion.Transforms.Catalogs;
using SPFusion.Transforms.Images;
using SPFusion.Transforms.MLNet;

namespace SPFusion.Tests.Readme;

/// <summary>
/// The README's ML.NET snippets run on survey files (tiny synthetic survey, one epoch, small options); <see cref="ReadmeSnippetTests"/>
/// compiles the blocks as README.md holds them, so the text cannot drift from the API.
/// </summary>
[Collection(SyntheticSurveyCollection.Name)]
public class ReadmeApiTests(SyntheticSurveyFixture survey)
{
    [Fact]
    public void RawFilesPipelineCrossValidatesEvaluatesSavesAndReloads()
    {
        var ml = new MLContext(seed: 42);
        IDataView stars = SurveyStarRow.Load(ml, survey.Summary.CatalogPath);
        var quick = new SPFusionTrainer.Options { MaxEpochs = 1, BatchSize = 8, NumberOfThreads = 2, Device = TrainingDevice.Cpu };
        var pipeline = ml.Transforms.PrepareLamostSpectrum()
            .Append(ml.Transforms.AlignImageBands(options: new ImageBandOptions { EdgePolicy = CutoutEdgePolicy.PadWithBandMedian }))
            .Append(ml.Regression.Trainers.SPFusion(ml, quick));

        var cv = ml.Regression.CrossValidate(stars, pipeline, numberOfFolds: 3, labelColumnName: "Mass");
        Assert.Equal(3, cv.Count);
        var both = TwoTargetCrossValidation.Run(ml, stars, pipeline, numberOfFolds: 3);
        Assert.Equal(survey.Summary.StarCount, both.Folds.Sum(f => f.TestCount));
        Assert.True(both.Summary(m => m.Age.MeanAbsoluteError).Mean > 0);

        var model = pipeline.Fit(stars);
        TwoTargetMetrics metrics = TwoTargetEvaluator.Evaluate(model.Transform(stars));
        Assert.Equal(11, metrics.Age.BySnr.Count);
        Assert.Equal(survey.Summary.StarCount, metrics.Mass.Count);

        using var temp = new TempFolder("spfusion-readme");
        string zip = temp.File("model.zip");
        ml.Model.Save(model, stars.Schema, zip);
        var fresh = new MLContext();
        fresh.ComponentCatalog.RegisterAssembly(typeof(SurveyTransformsCatalog).Assembly);
        fresh.ComponentCatalog.RegisterAssembly(typeof(SPFusionPredictionTransformer).Assembly);
        ITransformer loaded = fresh.Model.Load(zip, out _);
        using var release = loaded as IDisposable; // deletes ML.NET's temporary copy of the graph
        var expected = model.Transform(stars).GetColumn<float>("PredictedAge").ToArray();
        var actual = loaded.Transform(SurveyStarRow.Load(fresh, survey.Summary.CatalogPath)).GetColumn<float>("PredictedAge").ToArray();
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 1e-5f);

        var published = ml.Transforms.ApplySPFusionModel(ml, TestPaths.PublishedOnnx, new SPFusionModelOptions { IncludeChannelAttention = true });
        var prepared = ml.Transforms.PrepareLamostSpectrum()
            .Append(ml.Transforms.AlignImageBands(options: new ImageBandOptions { EdgePolicy = CutoutEdgePolicy.PadWithBandMedian }))
            .Append(published).Fit(stars).Transform(stars);
        Assert.All(prepared.GetColumn<float[]>("ChannelAttention"), a => Assert.Equal(96, a.Length));
    }
}
