using Microsoft.ML;
using Microsoft.ML.Data;
using SPFusion.ML.MLNet;
using SPFusion.ML.Persistence;
using SPFusion.Tests.Support;

namespace SPFusion.Tests.Persistence;

public sealed class SPFusionBatchPredictorTests : IDisposable
{
    private readonly TempFolder _temp = new("spfusion-batch");

    public void Dispose() => _temp.Dispose();

    private string SavePublishedZip(IReadOnlyList<StarRow> rows)
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(rows);
        string zip = Path.Combine(_temp.Path, "published.zip");
        ml.Model.Save(ml.Transforms.ApplySPFusionModel(ml, TestPaths.PublishedOnnx).Fit(data), data.Schema, zip);
        return zip;
    }

    [Fact]
    public void TheZipsGraphIsTheOnnxFileThatWentIn()
    {
        string zip = SavePublishedZip(SyntheticRows.Uniform(1, seed: 1));
        Assert.Equal(File.ReadAllBytes(TestPaths.PublishedOnnx), ModelZipOnnxGraph.Read(zip));
    }

    [Fact]
    public void BatchesGiveTheLoadedZipsPredictionsInRowOrder()
    {
        // 5 rows in batches of 2: two full batches and a partial one.
        var rows = SyntheticRows.Uniform(5, seed: 11);
        string zip = SavePublishedZip(rows);

        var fresh = new MLContext(seed: 2);
        fresh.ComponentCatalog.RegisterAssembly(typeof(PredictionSplitMappings).Assembly);
        var loaded = fresh.Model.Load(zip, out _);
        using var release = loaded as IDisposable; // deletes ML.NET's temporary copy of the graph
        var expected = fresh.Data.CreateEnumerable<ScoredRow>(loaded.Transform(fresh.Data.LoadFromEnumerable(rows)), reuseRowObject: false).ToList();

        using var predictor = SPFusionBatchPredictor.FromModelZip(zip, new SPFusionBatchOptions { BatchSize = 2, IntraOpNumThreads = 1 });
        var actual = predictor.Predict(fresh.Data.LoadFromEnumerable(rows));

        Assert.Equal(rows.Count, actual.Count);
        for (int i = 0; i < rows.Count; i++)
        {
            Assert.Equal(expected[i].PredictedMass, actual[i].PredictedMass, 1e-5f);
            Assert.Equal(expected[i].PredictedAge, actual[i].PredictedAge, 1e-5f);
        }
        // The rows differ, so equal outputs in order are not one prediction repeated.
        Assert.NotEqual(actual[0].PredictedMass, actual[4].PredictedMass);
    }

    [Fact]
    public void SleepingIntraOpThreadsGiveTheSamePredictionsAsSpinningOnes()
    {
        var rows = SyntheticRows.Uniform(4, seed: 12);
        float[] spectra = [.. rows.SelectMany(r => r.Spectrum)];
        float[] photometry = [.. rows.SelectMany(r => r.Photometry)];
        byte[] graph = File.ReadAllBytes(TestPaths.PublishedOnnx);
        Assert.True(new SPFusionBatchOptions().AllowSpinning); // ONNX Runtime's own default stays the library's
        using var spinning = new SPFusionBatchPredictor(graph, new SPFusionBatchOptions { IntraOpNumThreads = 2 });
        using var sleeping = new SPFusionBatchPredictor(graph, new SPFusionBatchOptions { IntraOpNumThreads = 2, AllowSpinning = false });
        var expected = spinning.Predict(spectra, photometry, rows.Count);
        var actual = sleeping.Predict(spectra, photometry, rows.Count);
        Assert.Equal(expected, actual);
        Assert.NotEqual(actual[0].PredictedMass, actual[3].PredictedMass);
    }

    [Fact]
    public void AMissingOrMisSizedColumnIsNamed()
    {
        var ml = new MLContext(seed: 1);
        using var predictor = new SPFusionBatchPredictor(File.ReadAllBytes(TestPaths.PublishedOnnx), new SPFusionBatchOptions { IntraOpNumThreads = 1 });
        var rows = SyntheticRows.Uniform(1, seed: 3);

        var renamed = new SPFusionBatchOptions { SpectrumColumn = "Flux", IntraOpNumThreads = 1 };
        using var wrongName = new SPFusionBatchPredictor(File.ReadAllBytes(TestPaths.PublishedOnnx), renamed);
        var missing = Assert.Throws<ArgumentException>(() => wrongName.Predict(ml.Data.LoadFromEnumerable(rows)));
        Assert.Contains("'Flux'", missing.Message, StringComparison.Ordinal);

        var shortRows = new[] { new ShortSpectrumRow { Spectrum = new float[10], Photometry = rows[0].Photometry } };
        var wrongSize = Assert.Throws<ArgumentException>(() => predictor.Predict(ml.Data.LoadFromEnumerable(shortRows)));
        Assert.Contains("'Spectrum'", wrongSize.Message, StringComparison.Ordinal);
        Assert.Contains("3584", wrongSize.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AZipWithoutAnOnnxGraphIsRefusedNamingTheFile()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(SyntheticRows.Uniform(1, seed: 1));
        string zip = Path.Combine(_temp.Path, "no-onnx.zip");
        ml.Model.Save(ml.Transforms.CopyColumns("Copy", "Spectrum").Fit(data), data.Schema, zip);

        var ex = Assert.Throws<InvalidDataException>(() => SPFusionBatchPredictor.FromModelZip(zip));
        Assert.Contains(zip, ex.Message, StringComparison.Ordinal);
        Assert.Contains("no ONNX graph", ex.Message, StringComparison.Ordinal);
    }

    private sealed class ShortSpectrumRow
    {
        [VectorType(10)]
        public float[] Spectrum { get; set; } = [];

        [VectorType(3 * 128 * 128)]
        public float[] Photometry { get; set; } = [];
    }
}
