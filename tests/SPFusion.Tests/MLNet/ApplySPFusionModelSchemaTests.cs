using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;
using SPFusion.ML;
using SPFusion.ML.MLNet;
using SPFusion.ML.Network;
using SPFusion.ML.Onnx.Export;
using SPFusion.ML.Persistence;
using SPFusion.Tests.Support;
using SPFusion.Transforms;
using static SPFusion.Tests.MLNet.ApplySPFusionModelSchemaRows;

namespace SPFusion.Tests.MLNet;

/// <summary>
/// ApplySPFusionModel checks the user's input columns in GetOutputSchema and Fit, naming the column and the expected
/// type and size, instead of failing at Transform inside OnnxTransformer under the graph's input names.
/// </summary>
public class ApplySPFusionModelSchemaTests
{
    private static readonly SPFusionModelOptions CustomNameOptions = new() { SpectrumColumn = "Flux", PhotometryColumn = "Images" };

    // SchemaShape.Create is internal; GetOutputSchema is what ML.NET's EstimatorChain calls with it before any Fit.
    private static SchemaShape ShapeOf(DataViewSchema schema) =>
        (SchemaShape)typeof(SchemaShape).GetMethod("Create", BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public, [typeof(DataViewSchema)])!
            .Invoke(null, [schema])!;

    private static IDataView Load<T>(MLContext ml, T row) where T : class => ml.Data.LoadFromEnumerable([row]);

    private static void AssertRejected(IEstimator<ITransformer> estimator, IDataView data, bool atSchema, params string[] expectedInMessage)
    {
        var fit = Assert.Throws<ArgumentException>(() => estimator.Fit(data));
        foreach (var s in expectedInMessage) Assert.Contains(s, fit.Message);
        Assert.DoesNotContain("'spectrum'", fit.Message);
        Assert.DoesNotContain("'photometric'", fit.Message);
        if (!atSchema) return;
        var shape = Assert.Throws<ArgumentException>(() => estimator.GetOutputSchema(ShapeOf(data.Schema)));
        foreach (var s in expectedInMessage) Assert.Contains(s, shape.Message);
    }

    [Fact]
    public void UnpaddedSpectrumFailsAtFitNamingTheColumnAndSize()
    {
        var ml = new MLContext(seed: 1);
        var data = Load(ml, new UnpaddedSpectrum());
        // A SchemaShape carries no vector size, so GetOutputSchema cannot see 3,522 vs 3,584; Fit does.
        AssertRejected(ml.Transforms.ApplySPFusionModel(ml, TestPaths.PublishedOnnx), data, atSchema: false,
            "'Spectrum'", "Vector<Single, 3522>", "3584 Single");
    }

    [Fact]
    public void DoubleSpectrumFailsAtSchemaAndFit()
    {
        var ml = new MLContext(seed: 1);
        AssertRejected(ml.Transforms.ApplySPFusionModel(ml, TestPaths.PublishedOnnx), Load(ml, new DoubleSpectrum()), atSchema: true,
            "'Spectrum'", "Double", "3584 Single");
    }

    [Fact]
    public void VariableLengthSpectrumFailsAtSchemaAndFit()
    {
        var ml = new MLContext(seed: 1);
        AssertRejected(ml.Transforms.ApplySPFusionModel(ml, TestPaths.PublishedOnnx), Load(ml, new VariableSpectrum()), atSchema: true,
            "'Spectrum'", "3584 Single");
    }

    [Fact]
    public void MissingPhotometryFailsAtSchemaAndFit()
    {
        var ml = new MLContext(seed: 1);
        AssertRejected(ml.Transforms.ApplySPFusionModel(ml, TestPaths.PublishedOnnx), Load(ml, new SpectrumOnly()), atSchema: true,
            "'Photometry'", "not found", "49152 Single");
    }

    [Fact]
    public void WrongSizePhotometryFailsAtFit()
    {
        var ml = new MLContext(seed: 1);
        AssertRejected(ml.Transforms.ApplySPFusionModel(ml, TestPaths.PublishedOnnx), Load(ml, new SmallPhotometry()), atSchema: false,
            "'Photometry'", "Vector<Single, 12288>", "49152 Single");
    }

    [Fact]
    public void CustomColumnNamesAreTheOnesNamed()
    {
        var ml = new MLContext(seed: 1);
        var estimator = ml.Transforms.ApplySPFusionModel(ml, TestPaths.PublishedOnnx, CustomNameOptions);
        AssertRejected(estimator, Load(ml, new CustomNamesUnpadded()), atSchema: false, "'Flux'", "Vector<Single, 3522>", "3584 Single");
        // The default-named columns are not what this estimator reads.
        AssertRejected(estimator, Load(ml, new StarRow
        {
            Spectrum = new float[SPFusionShapes.SpectrumLength],
            Photometry = new float[SPFusionShapes.PhotometryLength],
        }), atSchema: true, "'Flux'", "not found", "3584 Single");
    }

    [Fact]
    public void TheMessageNamesTheModel()
    {
        var ml = new MLContext(seed: 1);
        var ex = Assert.Throws<ArgumentException>(() =>
            ml.Transforms.ApplySPFusionModel(ml, File.ReadAllBytes(TestPaths.PublishedOnnx), "published weights", null).Fit(Load(ml, new SpectrumOnly())));
        Assert.StartsWith("published weights: input column 'Photometry' not found", ex.Message);
    }

    [Fact]
    public void CorrectInputsUnderCustomNamesScoreAsUnderTheDefaults()
    {
        var rows = LearnableStars.Create(2, seed: 11);
        var ml = new MLContext(seed: 1);
        var defaults = ml.Data.LoadFromEnumerable(rows);
        var custom = ml.Data.LoadFromEnumerable(rows.Select(r => new CustomNames { Flux = r.Spectrum, Images = r.Photometry }));

        var defaultEstimator = ml.Transforms.ApplySPFusionModel(ml, TestPaths.PublishedOnnx);
        var customEstimator = ml.Transforms.ApplySPFusionModel(ml, TestPaths.PublishedOnnx, CustomNameOptions);
        var shape = customEstimator.GetOutputSchema(ShapeOf(custom.Schema));
        Assert.Contains(shape, c => c.Name == "PredictedMass");

        using var defaultModel = (IDisposable)defaultEstimator.Fit(defaults);
        using var customModel = (IDisposable)customEstimator.Fit(custom);
        var expected = Score(ml, (ITransformer)defaultModel, defaults);
        var actual = Score(ml, (ITransformer)customModel, custom);
        Assert.All(expected, s => Assert.True(float.IsFinite(s.PredictedMass) && float.IsFinite(s.PredictedAge)));
        Assert.Equal(expected.Select(s => (s.PredictedMass, s.PredictedAge)), actual.Select(s => (s.PredictedMass, s.PredictedAge)));
    }

    [Fact]
    public void SpectrumOnlyGraphDoesNotAskForPhotometry()
    {
        byte[] onnx;
        using (var network = NetworkFactory.Create(NetworkOptions.Published with { Variant = NetworkVariant.ConvNeXt1D }, 3))
            onnx = OnnxExporter.ExportToBytes(network);
        var ml = new MLContext(seed: 1);
        var rows = LearnableStars.Create(2, seed: 12).Select(r => new SpectrumOnly { Spectrum = r.Spectrum }).ToList();
        var data = ml.Data.LoadFromEnumerable(rows);

        var estimator = ml.Transforms.ApplySPFusionModel(ml, onnx, "baseline.onnx", null);
        Assert.Contains(estimator.GetOutputSchema(ShapeOf(data.Schema)), c => c.Name == "PredictedAge");
        using var model = (IDisposable)estimator.Fit(data);
        var scored = Score(ml, (ITransformer)model, data);
        Assert.Equal(2, scored.Count);
        Assert.All(scored, s => Assert.True(float.IsFinite(s.PredictedMass) && float.IsFinite(s.PredictedAge)));

        AssertRejected(estimator, Load(ml, new DoubleSpectrum()), atSchema: true, "baseline.onnx: ", "'Spectrum'", "3584 Single");
    }

    internal static List<ScoredRow> Score(MLContext ml, ITransformer model, IDataView data) =>
        ml.Data.CreateEnumerable<ScoredRow>(model.Transform(data), reuseRowObject: false).ToList();
}
