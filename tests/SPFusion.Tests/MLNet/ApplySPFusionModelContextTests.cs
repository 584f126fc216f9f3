using Microsoft.ML;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.Transforms.Onnx;
using SPFusion.ML.MLNet;
using SPFusion.ML.Persistence;
using SPFusion.Tests.Support;

namespace SPFusion.Tests.MLNet;

/// <summary>ApplySPFusionModel works in the caller's MLContext: same predictions from path and bytes and in any context, the zip reloads, and the context's ONNX settings apply.</summary>
public class ApplySPFusionModelContextTests
{
    [Fact]
    public void PathAndBytesPredictAlikeInAnyContextAndReload()
    {
        var rows = LearnableStars.Create(2, seed: 21);
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(rows);

        var other = new MLContext(seed: 3);
        using var otherModel = (IDisposable)other.Transforms.ApplySPFusionModel(other, TestPaths.PublishedOnnx).Fit(other.Data.LoadFromEnumerable(rows));
        using var fromPath = (IDisposable)ml.Transforms.ApplySPFusionModel(ml, TestPaths.PublishedOnnx).Fit(data);
        using var fromBytes = (IDisposable)ml.Transforms.ApplySPFusionModel(ml, File.ReadAllBytes(TestPaths.PublishedOnnx), "published", null).Fit(data);
        var expected = Predictions(other, (ITransformer)otherModel, other.Data.LoadFromEnumerable(rows));
        Assert.All(expected, p => Assert.True(float.IsFinite(p.Mass) && float.IsFinite(p.Age)));
        Assert.Equal(expected, Predictions(ml, (ITransformer)fromPath, data));
        Assert.Equal(expected, Predictions(ml, (ITransformer)fromBytes, data));

        using var temp = new TempFolder("spfusion-apply-context");
        string zip = temp.File("model.zip");
        ml.Model.Save((ITransformer)fromPath, data.Schema, zip);
        var fresh = new MLContext(seed: 2);
        fresh.ComponentCatalog.RegisterAssembly(typeof(SPFusionTransformsCatalog).Assembly);
        var loaded = fresh.Model.Load(zip, out _);
        try
        {
            Assert.Equal(expected, Predictions(fresh, loaded, fresh.Data.LoadFromEnumerable(rows)));
        }
        finally
        {
            (loaded as IDisposable)?.Dispose();
        }
    }

    [Fact]
    public void UsesTheContextsOnnxSessionOptions()
    {
        var rows = LearnableStars.Create(1, seed: 22);
        int created = 0;
        var ml = new MLContext(seed: 1);
        ml.SetOnnxSessionOption(new OnnxSessionOptions
        {
            CreateSessionOptions = () =>
            {
                Interlocked.Increment(ref created);
                return new SessionOptions();
            },
        });
        var data = ml.Data.LoadFromEnumerable(rows);

        using (var model = (IDisposable)ml.Transforms.ApplySPFusionModel(ml, TestPaths.PublishedOnnx).Fit(data))
            Assert.Single(Predictions(ml, (ITransformer)model, data));
        Assert.True(created > 0, "the caller's CreateSessionOptions was not used");
    }

    private static List<(float Mass, float Age)> Predictions(MLContext ml, ITransformer model, IDataView data) =>
        ApplySPFusionModelSchemaTests.Score(ml, model, data).Select(s => (s.PredictedMass, s.PredictedAge)).ToList();
}
