using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SPFusion.ML;
using SPFusion.ML.MLNet;
using SPFusion.ML.Network;
using SPFusion.ML.Onnx.Export;
using SPFusion.ML.Persistence;
using SPFusion.ML.Training;
using SPFusion.Tests.Support;
using SPFusion.Transforms;
using TorchSharp;
using static TorchSharp.torch;

namespace SPFusion.Tests.Training;

/// <summary>
/// The heteroscedastic head (<see cref="NetworkOptions.PredictVariance"/>): its layer, its scaling, its export as
/// <c>predicted_sigma</c>, training under the Gaussian likelihood from random and from the published weights, and zips.
/// </summary>
[Collection(TorchGlobalStateCollection.Name)]
public class HeteroscedasticHeadTests
{
    private static readonly NetworkOptions WithVariance = NetworkOptions.Published with { PredictVariance = true };

    private static SPFusionTrainer.Options Quick(int epochs) => new()
    {
        MaxEpochs = epochs,
        BatchSize = 8,
        Seed = 7,
        NumberOfThreads = 2,
        Device = TrainingDevice.Cpu,
        Network = WithVariance,
    };

    [Fact]
    public void OnlySPFusionHasTheHeadAndItAddsOneLinearLayerBesideThePublishedOnes()
    {
        using var plain = NetworkFactory.Create(NetworkOptions.Published, 3);
        using var network = NetworkFactory.Create(WithVariance, 3);
        Assert.Null(plain.LogVarianceLayer);
        Assert.NotNull(network.LogVarianceLayer);
        Assert.True(WithVariance.HasPublishedLayout); // the published weights still load into it
        long extra = network.parameters().Sum(p => p.numel()) - plain.parameters().Sum(p => p.numel());
        Assert.Equal(((SPFusionNetwork.HeadChannels + 1) * 2) + 2, extra); // pooled features and the noise level -> 2
        Assert.Contains(network.named_parameters(), p => p.name == "classification_head.log_variance.weight");

        var baseline = Assert.Throws<ArgumentException>(() => (WithVariance with { Variant = NetworkVariant.ConvNeXt1D }).Validate());
        Assert.Contains("SPFusion network only", baseline.Message, StringComparison.Ordinal);
        var huber = Assert.Throws<ArgumentException>(() => (Quick(1) with { HuberDelta = 1 }).Validate());
        Assert.Contains("Gaussian likelihood", huber.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheNoiseLevelFollowsThePixelNoiseAndIgnoresASmoothContinuum()
    {
        var random = new Random(3);
        float[] Spectrum(double sigma) => [.. Enumerable.Range(0, SPFusionShapes.SpectrumLength).Select(i =>
            (float)(0.5 + (0.3 * Math.Sin(i / 300.0)) + (sigma * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()))))];
        using var spectra = tensor(Spectrum(0).Concat(Spectrum(0.01)).Concat(Spectrum(0.02)).ToArray(), [3, 1, SPFusionShapes.SpectrumLength]);
        using var level = SpectrumNoise.LogLevel(spectra);
        Assert.Equal([3L, 1L], level.shape);
        float[] l = level.data<float>().ToArray();
        // Gaussian noise: E|2a - b - c| = sqrt(6) sigma sqrt(2/pi); a smooth continuum stays near the floor.
        Assert.Equal(Math.Log(Math.Sqrt(6) * 0.01 * Math.Sqrt(2 / Math.PI)), l[1], 0.05);
        Assert.Equal(Math.Log(2), l[2] - l[1], 0.05);
        Assert.True(l[0] < l[1] - 3, $"a smooth continuum has level {l[0]} against {l[1]} for noise 0.01");
    }

    [Fact]
    public void FoldingTheScalingShiftsTheLogVarianceByTheLogOfTheLabelVariance()
    {
        manual_seed(5);
        var moments = new LabelMoments(MeanMass: 1.25, MeanAge: 4.9, StdMass: 0.26, StdAge: 2.4);
        using var layer = nn.Linear(32, 2);
        using var features = randn(4, 32);
        using var scaling = TargetScaling.For(moments, CPU);
        using var z = layer.forward(features);
        using var expected = scaling.ToPhysicalLogVariance(z);
        using var direct = z + tensor(new[] { 2 * MathF.Log(0.26f), 2 * MathF.Log(2.4f) });
        Assert.True(allclose(expected, direct, rtol: 1e-5, atol: 1e-5));

        scaling.FoldLogVarianceInto(layer);
        using var folded = layer.forward(features);
        Assert.True(allclose(folded, expected, rtol: 1e-5, atol: 1e-5), "the folded layer does not give physical log-variances");
        scaling.UnfoldLogVarianceFrom(layer);
        using var unfolded = layer.forward(features);
        Assert.True(allclose(unfolded, z, rtol: 1e-5, atol: 1e-5));
    }

    [Fact]
    public void TheExportedGraphGivesExpOfHalfTheLogVarianceAsPredictedAndTotalSigma()
    {
        using var network = NetworkFactory.Create(WithVariance, 9);
        network.eval();
        var rows = SyntheticRows.Uniform(3, seed: 4);
        using var photometric = tensor(rows.SelectMany(r => r.Photometry).ToArray(), [3, SPFusionShapes.Bands, SPFusionShapes.ImageSize, SPFusionShapes.ImageSize]);
        using var spectrum = tensor(rows.SelectMany(r => r.Spectrum).ToArray(), [3, 1, SPFusionShapes.SpectrumLength]);
        float[] expected;
        using (no_grad())
        {
            using var output = network.forward(photometric, spectrum);
            Assert.NotNull(output.LogVariance);
            using var sigma = (output.LogVariance! * 0.5.ToScalar()).exp();
            expected = sigma.data<float>().ToArray();
        }

        byte[] onnx = OnnxExporter.ExportToBytes(network);
        var layout = OnnxModelLayout.Inspect(onnx, "export");
        Assert.Equal(SPFusionOnnxNames.SigmaOutput, layout.SigmaOutput);
        Assert.Equal([SPFusionOnnxNames.PredictedSigmaOutput], layout.SigmaParts);
        using var session = OnnxSessionSettings.Open(onnx);
        using var results = session.Run(
        [
            NamedOnnxValue.CreateFromTensor(SPFusionOnnxNames.PhotometricInput, new DenseTensor<float>(photometric.data<float>().ToArray(), [3, 3, 128, 128])),
            NamedOnnxValue.CreateFromTensor(SPFusionOnnxNames.SpectrumInput, new DenseTensor<float>(spectrum.data<float>().ToArray(), [3, 1, 3584])),
        ]);
        float[] predicted = results.Single(r => r.Name == SPFusionOnnxNames.PredictedSigmaOutput).AsEnumerable<float>().ToArray();
        float[] total = results.Single(r => r.Name == SPFusionOnnxNames.SigmaOutput).AsEnumerable<float>().ToArray();
        Assert.Equal(expected.Length, predicted.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], predicted[i], expected[i] * 1e-4);
            Assert.Equal(predicted[i], total[i]);
        }
    }

    [Fact]
    public void TrainingFromRandomWeightsGivesFinitePositiveSigmasThatSurviveAZip()
    {
        var ml = new MLContext(seed: 1);
        var log = new List<string>();
        ml.Log += (_, e) => { lock (log) log.Add(e.RawMessage); };
        var data = ml.Data.LoadFromEnumerable(LearnableStars.Create(40, seed: 11));
        var model = ml.Regression.Trainers.SPFusion(ml, Quick(3) with { StandardizeTargets = true }).Fit(data);

        Assert.All(model.History.Epochs, e => Assert.True(double.IsFinite(e.ValidationLoss) && double.IsFinite(e.TrainLoss)));
        lock (log) Assert.Contains(log, l => l.StartsWith("heteroscedastic head: log-variance layer starts", StringComparison.Ordinal));
        var scored = model.Transform(data);
        float[] massSigma = scored.GetColumn<float>(SPFusionColumns.MassSigma).ToArray();
        float[] ageSigma = scored.GetColumn<float>(SPFusionColumns.AgeSigma).ToArray();
        Assert.All(massSigma, s => Assert.True(float.IsFinite(s) && s > 0, $"mass sigma {s}"));
        Assert.All(ageSigma, s => Assert.True(float.IsFinite(s) && s > 0, $"age sigma {s}"));
        // Stars differ, so the predicted sigmas do too: the head is not a constant.
        Assert.True(massSigma.Distinct().Count() > 1);

        using var temp = new TempFolder("spfusion-heteroscedastic");
        string zip = temp.File("model.zip");
        ml.Model.Save(model, data.Schema, zip);
        var fresh = new MLContext(seed: 2);
        var reloaded = SPFusionModelFile.Load(fresh, zip).Transform(fresh.Data.LoadFromEnumerable(LearnableStars.Create(40, seed: 11)));
        float[] again = reloaded.GetColumn<float>(SPFusionColumns.MassSigma).ToArray();
        for (int i = 0; i < again.Length; i++) Assert.Equal(massSigma[i], again[i], 1e-5);
    }

    [Fact]
    public void FineTuningFromThePublishedWeightsStartsTheHeadAtTheLabelVariance()
    {
        var ml = new MLContext(seed: 1);
        var log = new List<string>();
        ml.Log += (_, e) => { lock (log) log.Add(e.RawMessage); };
        var data = ml.Data.LoadFromEnumerable(LearnableStars.Create(24, seed: 13));
        var model = ml.Regression.Trainers.SPFusion(ml, Quick(1) with { InitialWeights = TestPaths.PublishedOnnx }).Fit(data);

        lock (log) Assert.Contains(log, l => l.StartsWith("heteroscedastic head: log-variance layer starts", StringComparison.Ordinal));
        Assert.True(double.IsFinite(model.History.Epochs[0].ValidationLoss));
        Assert.All(model.Transform(data).GetColumn<float>(SPFusionColumns.AgeSigma), s => Assert.True(float.IsFinite(s) && s > 0));
    }
}
