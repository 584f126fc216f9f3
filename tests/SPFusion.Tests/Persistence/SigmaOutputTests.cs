using Microsoft.ML;
using SPFusion.ML.MLNet;
using SPFusion.ML.Persistence;
using SPFusion.Tests.Support;
using SPFusion.Transforms;

namespace SPFusion.Tests.Persistence;

/// <summary>A graph's optional <c>prediction_sigma</c> output reaches the batch predictor and the ML.NET columns.</summary>
public sealed class SigmaOutputTests : IDisposable
{
    private readonly TempFolder _temp = new("spfusion-sigma");

    public void Dispose() => _temp.Dispose();

    private static readonly SPFusionBatchOptions OneThread = new() { BatchSize = 2, IntraOpNumThreads = 1 };

    [Fact]
    public void TheLayoutFindsTheTotalSigmaAndItsParts()
    {
        var plain = OnnxModelLayout.Inspect(SigmaGraphs.Linear(1), "plain");
        Assert.Null(plain.SigmaOutput);
        Assert.Empty(plain.SigmaParts);

        var withParts = OnnxModelLayout.Inspect(
            SigmaGraphs.Linear(1, SPFusionOnnxNames.SigmaOutput, SPFusionOnnxNames.EnsembleSigmaOutput), "ensemble-like");
        Assert.Equal(SPFusionOnnxNames.SigmaOutput, withParts.SigmaOutput);
        Assert.Equal([SPFusionOnnxNames.EnsembleSigmaOutput], withParts.SigmaParts);
    }

    [Fact]
    public void APartWithoutTheTotalIsRefusedNamingTheMissingOutput()
    {
        var ex = Assert.Throws<InvalidDataException>(() => OnnxModelLayout.Inspect(SigmaGraphs.Linear(1, SPFusionOnnxNames.EnsembleSigmaOutput), "parts.onnx"));
        Assert.Contains("parts.onnx", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'prediction_sigma'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheBatchPredictorFillsSigmasOnlyWhenTheGraphHasThem()
    {
        var ml = new MLContext(seed: 1);
        var rows = ml.Data.LoadFromEnumerable(SyntheticRows.Uniform(5, seed: 4));

        using var plain = new SPFusionBatchPredictor(SigmaGraphs.Linear(3), OneThread);
        Assert.False(plain.HasUncertainty);
        Assert.All(plain.Predict(rows), p => Assert.True(p.MassSigma is null && p.AgeSigma is null));

        using var withSigma = new SPFusionBatchPredictor(SigmaGraphs.Linear(3, SPFusionOnnxNames.SigmaOutput), OneThread);
        Assert.True(withSigma.HasUncertainty);
        var predictions = withSigma.Predict(rows);
        var same = plain.Predict(rows);
        Assert.Equal(5, predictions.Count);
        for (int i = 0; i < predictions.Count; i++)
        {
            // The same weights give the same prediction; the sigma is the graph's |x V| + 0.01, never below 0.01.
            Assert.Equal(same[i].PredictedMass, predictions[i].PredictedMass);
            Assert.True(predictions[i].MassSigma >= 0.01f && predictions[i].AgeSigma >= 0.01f, $"row {i}: {predictions[i]}");
        }
        Assert.NotEqual(predictions[0].MassSigma, predictions[4].MassSigma);
        Assert.NotEqual(predictions[0].MassSigma, predictions[0].AgeSigma);
    }

    [Fact]
    public void AModelWithoutSigmaGainsNoColumn()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(SyntheticRows.Uniform(1, seed: 1));
        using var model = (IDisposable)ml.Transforms.ApplySPFusionModel(ml, SigmaGraphs.Linear(2), "plain", null).Fit(data);
        var schema = ((ITransformer)model).GetOutputSchema(data.Schema);
        Assert.Null(schema.GetColumnOrNull(SPFusionColumns.MassSigma));
        Assert.Null(schema.GetColumnOrNull(SPFusionColumns.AgeSigma));
        Assert.Null(schema.GetColumnOrNull(SigmaSplitMappings.RawSigmaColumn));
    }

    [Fact]
    public void SigmaColumnsRoundTripThroughAZipInAFreshContext()
    {
        var rows = SyntheticRows.Uniform(5, seed: 9);
        byte[] graph = SigmaGraphs.Linear(5, SPFusionOnnxNames.SigmaOutput, SPFusionOnnxNames.EnsembleSigmaOutput);
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(rows);
        string zip = _temp.File("sigma.zip");
        using (var fitted = (IDisposable)ml.Transforms.ApplySPFusionModel(ml, graph, "sigma", null).Fit(data))
        {
            var schema = ((ITransformer)fitted).GetOutputSchema(data.Schema);
            Assert.Equal(Microsoft.ML.Data.NumberDataViewType.Single, schema[SPFusionColumns.MassSigma].Type);
            Assert.Equal(Microsoft.ML.Data.NumberDataViewType.Single, schema[SPFusionColumns.AgeSigma].Type);
            Assert.Null(schema.GetColumnOrNull(SigmaSplitMappings.RawSigmaColumn));
            ml.Model.Save((ITransformer)fitted, data.Schema, zip);
        }

        var fresh = new MLContext(seed: 2);
        fresh.ComponentCatalog.RegisterAssembly(typeof(SigmaSplitMappings).Assembly);
        var loaded = fresh.Model.Load(zip, out _);
        using var release = loaded as IDisposable;
        var scored = fresh.Data.CreateEnumerable<SigmaRow>(loaded.Transform(fresh.Data.LoadFromEnumerable(rows)), reuseRowObject: false).ToList();

        using var predictor = SPFusionBatchPredictor.FromModelZip(zip, OneThread);
        var expected = predictor.Predict(fresh.Data.LoadFromEnumerable(rows));
        for (int i = 0; i < rows.Count; i++)
        {
            Assert.Equal(expected[i].PredictedMass, scored[i].PredictedMass, 1e-5f);
            Assert.Equal(expected[i].MassSigma!.Value, scored[i].MassSigma, 1e-5f);
            Assert.Equal(expected[i].AgeSigma!.Value, scored[i].AgeSigma, 1e-5f);
        }
        Assert.NotEqual(scored[0].MassSigma, scored[1].MassSigma);

        // SPFusionModelFile.Load (what the CLI uses) accepts the zip too.
        using var checkedLoad = SPFusionModelFile.Load(new MLContext(seed: 3), zip) as IDisposable;
        Assert.NotNull(checkedLoad);
    }

    private sealed class SigmaRow
    {
        public float PredictedMass { get; set; }

        public float PredictedAge { get; set; }

        public float MassSigma { get; set; }

        public float AgeSigma { get; set; }
    }
}
