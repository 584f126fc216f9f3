using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SPFusion.ML;
using SPFusion.ML.MLNet;
using SPFusion.ML.Persistence;
using SPFusion.Tests.Support;
using SPFusion.Transforms;

namespace SPFusion.Tests.Persistence;

public class PublishedModelPipelineTests
{
    private static float[,] RunOrt(IReadOnlyList<StarRow> rows)
    {
        using var session = new InferenceSession(TestPaths.PublishedOnnx);
        int n = rows.Count;
        var phot = new DenseTensor<float>([n, 3, 128, 128]);
        var spec = new DenseTensor<float>([n, 1, 3584]);
        for (int i = 0; i < n; i++)
        {
            rows[i].Photometry.CopyTo(phot.Buffer.Span.Slice(i * SPFusionShapes.PhotometryLength));
            rows[i].Spectrum.CopyTo(spec.Buffer.Span.Slice(i * SPFusionShapes.SpectrumLength));
        }
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("photometric", phot), NamedOnnxValue.CreateFromTensor("spectrum", spec)]);
        var pred = results.First(r => r.Name == "mass_m_sun").AsTensor<float>();
        var outArr = new float[n, 2];
        for (int i = 0; i < n; i++)
        {
            outArr[i, 0] = pred[i, 0];
            outArr[i, 1] = pred[i, 1];
        }
        return outArr;
    }

    [Fact]
    public void PublishedOnnxPredictsThroughMLNetAndReloadsInAFreshContext()
    {
        var rows = SyntheticRows.Uniform(4, seed: 3);
        var expected = RunOrt(rows);

        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(rows);
        var model = ml.Transforms.ApplySPFusionModel(ml, TestPaths.PublishedOnnx).Fit(data);
        var scored = ml.Data.CreateEnumerable<ScoredRow>(model.Transform(data), reuseRowObject: false).ToList();
        for (int i = 0; i < rows.Count; i++)
        {
            Assert.Equal(expected[i, 0], scored[i].PredictedMass, 1e-5f);
            Assert.Equal(expected[i, 1], scored[i].PredictedAge, 1e-5f);
            Assert.Equal(scored[i].PredictedMass, scored[i].Score);
        }
        // Temporaries are gone; the user's columns stay.
        var names = model.GetOutputSchema(data.Schema).Select(c => c.Name).ToHashSet();
        Assert.DoesNotContain("spectrum", names);
        Assert.DoesNotContain(PredictionSplitMappings.RawPredictionColumn, names);
        Assert.Contains("Spectrum", names);

        using var temp = new TempFolder("spfusion-published");
        string zip = temp.File("published.zip");
        ml.Model.Save(model, data.Schema, zip);

        var fresh = new MLContext(seed: 2);
        fresh.ComponentCatalog.RegisterAssembly(typeof(PredictionSplitMappings).Assembly);
        var loaded = fresh.Model.Load(zip, out var inputSchema);
        using var release = loaded as IDisposable; // deletes ML.NET's temporary copy of the graph
        Assert.NotNull(inputSchema.GetColumnOrNull("Spectrum"));
        var reloaded = fresh.Data.CreateEnumerable<ScoredRow>(loaded.Transform(fresh.Data.LoadFromEnumerable(rows)), false).ToList();
        for (int i = 0; i < rows.Count; i++)
        {
            Assert.Equal(scored[i].PredictedMass, reloaded[i].PredictedMass, 1e-6f);
            Assert.Equal(scored[i].PredictedAge, reloaded[i].PredictedAge, 1e-6f);
        }
    }

    [Fact]
    public void ScoreCanCarryTheAgeAndAttentionOutputsAreExposed()
    {
        var rows = SyntheticRows.Uniform(2, seed: 5);
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(rows);
        var options = new SPFusionModelOptions { Score = ScoreTarget.Age, IncludeChannelAttention = true, IncludeFusionAttention = true };
        var scoredView = ml.Transforms.ApplySPFusionModel(ml, TestPaths.PublishedOnnx, options).Fit(data).Transform(data);
        var scored = ml.Data.CreateEnumerable<ScoredRow>(scoredView, false).ToList();
        Assert.All(scored, r => Assert.Equal(r.PredictedAge, r.Score));
        Assert.Equal(96, ((VectorDataViewType)scoredView.Schema[SPFusionColumns.ChannelAttention].Type).Size);
        Assert.Equal(96 * 96, ((VectorDataViewType)scoredView.Schema[SPFusionColumns.FusionAttention].Type).Size);

        var attention = scoredView.GetColumn<float[]>(SPFusionColumns.ChannelAttention).First();
        Assert.All(attention, a => Assert.InRange(a, 0f, 1f)); // sigmoid outputs
        var map = scoredView.GetColumn<float[]>(SPFusionColumns.FusionAttention).First();
        for (int r = 0; r < 96; r++)
        {
            // "softmax plus one": each row sums to less than 1.
            float sum = 0;
            for (int c = 0; c < 96; c++) sum += map[r * 96 + c];
            Assert.InRange(sum, 0f, 1f);
        }
    }

    [Fact]
    public void NonOnnxBytesAreRejectedWithTheSource()
    {
        var ml = new MLContext();
        var ex = Assert.Throws<InvalidDataException>(() => ml.Transforms.ApplySPFusionModel(ml, [1, 2, 3, 4], "broken.onnx", null));
        Assert.Contains("broken.onnx", ex.Message);
    }
}
