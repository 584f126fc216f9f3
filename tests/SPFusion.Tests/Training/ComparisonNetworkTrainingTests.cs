using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;
using SPFusion.ML;
using SPFusion.ML.MLNet;
using SPFusion.ML.Network;
using SPFusion.ML.Onnx.Export;
using SPFusion.ML.Persistence;
using SPFusion.ML.Training;
using SPFusion.Tests.Support;
using SPFusion.Transforms;

namespace SPFusion.Tests.Training;

/// <summary>
/// Each comparison network through the ML.NET trainer, its model zip and the batch predictor, on data that holds only
/// the input the network reads (the image-only ResNet10-T never sees a spectrum column).
/// </summary>
public class ComparisonNetworkTrainingTests
{
    public static TheoryData<NetworkVariant> Variants =>
        [NetworkVariant.ConvNeXt1DPaper, NetworkVariant.RacNet, NetworkVariant.Sscnn, NetworkVariant.ResNet10T];

    [Theory]
    [MemberData(nameof(Variants))]
    public void TrainsSavesReloadsAndPredictsFromItsOwnInputOnly(NetworkVariant variant)
    {
        var ml = new MLContext(seed: 1);
        var log = new List<string>();
        ml.Log += (_, e) => { lock (log) log.Add(e.RawMessage); };
        bool imageOnly = !NetworkVariants.UsesSpectrum(variant);
        var all = ml.Data.LoadFromEnumerable(LearnableStars.Create(16, seed: 41));
        string unused = imageOnly ? SPFusionColumns.Spectrum : SPFusionColumns.Photometry;
        var data = ml.Transforms.DropColumns(unused).Fit(all).Transform(all);
        Assert.Null(data.Schema.GetColumnOrNull(unused));

        var options = new SPFusionTrainer.Options
        {
            MaxEpochs = 2,
            BatchSize = 8,
            Seed = 7,
            NumberOfThreads = 2,
            Device = TrainingDevice.Cpu,
            LearningRate = 1e-4,
            StandardizeSpectra = true, // a preset may ask for it; the image-only network skips it and says so
            Network = NetworkOptions.Published with { Variant = variant },
        };
        var trainer = ml.Regression.Trainers.SPFusion(ml, options);
        Assert.Contains(trainer.GetOutputSchema(ShapeOf(data.Schema)), c => c.Name == SPFusionColumns.PredictedAge);
        using var model = trainer.Fit(data);
        Assert.Equal(2, model.History.Epochs.Count);
        lock (log)
        {
            Assert.Contains(log, l => l.StartsWith(imageOnly
                ? $"spectra not standardised: the {variant} network reads no spectrum"
                : "spectra standardised per pixel", StringComparison.Ordinal));
        }

        using (var runner = new OnnxModelRunner(model.OnnxModel))
            Assert.Equal([imageOnly ? "photometric" : "spectrum"], runner.InputNames);
        var mass = model.Transform(data).GetColumn<float>(SPFusionColumns.PredictedMass).ToArray();
        Assert.Equal(16, mass.Length);
        Assert.All(mass, m => Assert.True(float.IsFinite(m)));

        using var temp = new TempFolder("spfusion-comparison");
        string zip = temp.File("model.zip");
        ml.Model.Save(model, data.Schema, zip);
        var loaded = SPFusionModelFile.Load(ml, zip);
        using (loaded as IDisposable)
            Assert.Equal(mass, loaded.Transform(data).GetColumn<float>(SPFusionColumns.PredictedMass).ToArray());

        using var predictor = SPFusionBatchPredictor.FromModelZip(zip, new SPFusionBatchOptions { BatchSize = 5 });
        var batched = predictor.Predict(data);
        Assert.Equal(16, batched.Count);
        for (int i = 0; i < mass.Length; i++)
            Assert.True(Math.Abs(batched[i].PredictedMass - mass[i]) <= 1e-5 * Math.Max(1, Math.Abs(mass[i])), $"row {i}: batch {batched[i].PredictedMass}, transformer {mass[i]}");

        // The ONNX graph applied on its own asks only for its input column.
        string onnx = temp.File("model.onnx");
        model.SaveOnnx(onnx);
        var applied = ml.Transforms.ApplySPFusionModel(ml, onnx).Fit(data);
        using (applied as IDisposable)
            Assert.Equal(mass, applied.Transform(data).GetColumn<float>(SPFusionColumns.PredictedMass).ToArray());
    }

    // SchemaShape.Create is internal; GetOutputSchema is what ML.NET's EstimatorChain calls with it before any Fit.
    private static SchemaShape ShapeOf(DataViewSchema schema) =>
        (SchemaShape)typeof(SchemaShape).GetMethod("Create", BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public, [typeof(DataViewSchema)])!
            .Invoke(null, [schema])!;
}
