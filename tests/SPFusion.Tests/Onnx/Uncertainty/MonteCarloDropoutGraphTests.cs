using Google.Protobuf;
using Microsoft.ML;
using Onnx;
using SPFusion.ML.Network;
using SPFusion.ML.Onnx.Export;
using SPFusion.ML.Onnx.Uncertainty;
using SPFusion.ML.Persistence;
using SPFusion.ML.Runtime;
using SPFusion.Tests.Onnx.Export;
using SPFusion.Tests.Support;
using SPFusion.Transforms;
using TorchSharp;
using static TorchSharp.torch;

namespace SPFusion.Tests.Onnx.Uncertainty;

/// <summary>An SPFusion network with moved weights and batch-norm statistics, built once for the class.</summary>
public sealed class MonteCarloDropoutNetwork : IDisposable
{
    public MonteCarloDropoutNetwork()
    {
        Network = NetworkFactory.Create(NetworkOptions.Published, 31);
        NetworkExportFixtures.Perturb(Network, 32);
        Network.eval();
    }

    internal StarNetwork Network { get; }

    public void Dispose() => Network.Dispose();
}

public sealed class MonteCarloDropoutGraphTests(MonteCarloDropoutNetwork fixture) : IClassFixture<MonteCarloDropoutNetwork>, IDisposable
{
    private readonly TempFolder _temp = new("spfusion-mc-dropout");

    public void Dispose() => _temp.Dispose();

    private static Dictionary<string, (float[] Values, long[] Shape)> Feed(StarNetwork network, Tensor photometric, Tensor spectrum)
    {
        var feed = new Dictionary<string, (float[], long[])>();
        if (network.UsesPhotometry) feed[SPFusionOnnxNames.PhotometricInput] = (TensorValues.ToFloats(photometric), photometric.shape);
        if (network.UsesSpectrum) feed[SPFusionOnnxNames.SpectrumInput] = (TensorValues.ToFloats(spectrum), spectrum.shape);
        return feed;
    }

    /// <summary>
    /// Each pass run by TorchSharp in evaluation mode with that pass's masks multiplied in: its prediction and, with a
    /// heteroscedastic head, its predicted sigma exp(s/2).
    /// </summary>
    private static List<(float[] Prediction, float[]? Sigma)> ReferencePasses(StarNetwork network, IReadOnlyList<DropoutPass> passes, Tensor photometric, Tensor spectrum)
    {
        var result = new List<(float[], float[]?)>();
        network.eval();
        using var noGrad = no_grad();
        foreach (var pass in passes)
        {
            try
            {
                foreach (var (layer, mask) in pass.Masks)
                {
                    using var keep = tensor(mask.Keep).reshape(mask.Dims);
                    layer.FixedMask = keep.Times((float)(1 / mask.KeepProbability));
                }
                using var output = network.forward(photometric, spectrum);
                float[]? sigma = null;
                if (output.LogVariance is { } logVariance)
                {
                    using var half = logVariance.Times(0.5f);
                    using var exp = half.exp();
                    sigma = TensorValues.ToFloats(exp);
                }
                result.Add((TensorValues.ToFloats(output.Prediction), sigma));
            }
            finally
            {
                foreach (var layer in pass.Masks.Keys)
                {
                    layer.FixedMask?.Dispose();
                    layer.FixedMask = null;
                }
            }
        }
        return result;
    }

    private static void AssertMatchesReference(StarNetwork network, int passes, int seed, string what)
    {
        var (photometric, spectrum) = NetworkExportFixtures.Inputs(77);
        byte[] graph = MonteCarloDropoutGraph.Export(network, passes, seed);
        var reference = ReferencePasses(network, MonteCarloDropoutGraph.DrawMasks(network, passes, seed), photometric, spectrum);

        using var runner = new OnnxModelRunner(graph, intraOpThreads: 1);
        var actual = runner.Run(Feed(network, photometric, spectrum));
        float[] mean = actual[SPFusionOnnxNames.PredictionOutput].Values;
        float[] spread = actual[SPFusionOnnxNames.DropoutSigmaOutput].Values;
        float[] total = actual[SPFusionOnnxNames.SigmaOutput].Values;
        Assert.Equal([NetworkExportFixtures.Batch, 2], actual[SPFusionOnnxNames.SigmaOutput].Shape);
        bool heteroscedastic = reference[0].Sigma is not null;
        Assert.Equal(heteroscedastic, actual.ContainsKey(SPFusionOnnxNames.PredictedSigmaOutput));
        for (int i = 0; i < mean.Length; i++)
        {
            double m = reference.Average(p => (double)p.Prediction[i]);
            double variance = reference.Sum(p => (p.Prediction[i] - m) * (p.Prediction[i] - m)) / (passes - 1);
            Assert.True(Math.Abs(m - mean[i]) <= 1e-5, $"{what}: mean [{i}] {mean[i]} vs TorchSharp {m}");
            Assert.True(Math.Abs(Math.Sqrt(variance) - spread[i]) <= 1e-5, $"{what}: dropout_sigma [{i}] {spread[i]} vs TorchSharp {Math.Sqrt(variance)}");
            Assert.True(float.IsFinite(spread[i]) && spread[i] > 0, $"{what}: sigma [{i}] = {spread[i]}");
            if (!heteroscedastic)
            {
                Assert.Equal(spread[i], total[i]);
                continue;
            }
            double predictedVariance = reference.Average(p => (double)p.Sigma![i] * p.Sigma![i]);
            float predicted = actual[SPFusionOnnxNames.PredictedSigmaOutput].Values[i];
            Assert.True(Math.Abs(Math.Sqrt(predictedVariance) - predicted) <= 1e-5 * Math.Max(1, predicted), $"{what}: predicted_sigma [{i}] {predicted} vs TorchSharp {Math.Sqrt(predictedVariance)}");
            double expectedTotal = Math.Sqrt(variance + predictedVariance);
            Assert.True(Math.Abs(expectedTotal - total[i]) <= 1e-5 * Math.Max(1, expectedTotal), $"{what}: prediction_sigma [{i}] {total[i]} vs {expectedTotal}");
        }
    }

    [Fact]
    public void EachPassIsTheNetworkWithThatPassesMasksApplied() =>
        AssertMatchesReference(fixture.Network, passes: 3, seed: 5, "spfusion");

    [Fact]
    public void WithAHeteroscedasticHeadThePassesPredictedSigmasJoinTheSpreadInQuadrature()
    {
        using var network = NetworkFactory.Create(NetworkOptions.Published with { PredictVariance = true }, 51);
        NetworkExportFixtures.Perturb(network, 52);
        AssertMatchesReference(network, passes: 3, seed: 8, "heteroscedastic spfusion");
        using var runner = new OnnxModelRunner(MonteCarloDropoutGraph.Export(network, 2, 8), intraOpThreads: 1);
        Assert.Equal(["prediction", "prediction_sigma", "dropout_sigma", "predicted_sigma"], runner.OutputNames);
        Assert.Contains("sqrt(dropout_sigma^2 + predicted_sigma^2)", runner.CustomMetadata[OnnxMetadataKeys.Outputs], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(NetworkVariant.ConvNeXt1D)]
    [InlineData(NetworkVariant.ConvNeXt1DPaper)]
    public void TheConvNeXtComparisonNetworksWorkThroughTheSameBody(NetworkVariant variant)
    {
        using var network = NetworkFactory.Create(NetworkOptions.Published with { Variant = variant }, 41);
        NetworkExportFixtures.Perturb(network, 42);
        AssertMatchesReference(network, passes: 3, seed: 6, variant.ToString());
    }

    [Fact]
    public void AStarGetsTheSameOutputsAloneAsInABatch()
    {
        byte[] graph = MonteCarloDropoutGraph.Export(fixture.Network, passes: 4, seed: 9);
        var (photometric, spectrum) = NetworkExportFixtures.Inputs(78);
        using var runner = new OnnxModelRunner(graph, intraOpThreads: 1);
        using var four = photometric.narrow(0, 0, 4);
        using var fourSpectra = spectrum.narrow(0, 0, 4);
        var batch = runner.Run(Feed(fixture.Network, four, fourSpectra));
        for (int star = 0; star < 4; star++)
        {
            using var p = photometric.narrow(0, star, 1);
            using var s = spectrum.narrow(0, star, 1);
            var alone = runner.Run(Feed(fixture.Network, p, s));
            foreach (string output in new[] { SPFusionOnnxNames.PredictionOutput, SPFusionOnnxNames.SigmaOutput, SPFusionOnnxNames.DropoutSigmaOutput })
            {
                OnnxTestSupport.AssertClose(batch[output].Values[(2 * star)..(2 * star + 2)], alone[output].Values, $"star {star} {output}", 1e-6);
            }
        }
        // Running the batch again gives the same values: nothing in the graph advances between runs.
        Assert.Equal(batch[SPFusionOnnxNames.SigmaOutput].Values, runner.Run(Feed(fixture.Network, four, fourSpectra))[SPFusionOnnxNames.SigmaOutput].Values);
    }

    [Fact]
    public void TheSameSeedGivesTheSameBytesAndAnotherSeedOtherSigmas()
    {
        byte[] first = MonteCarloDropoutGraph.Export(fixture.Network, passes: 3, seed: 11);
        byte[] again = MonteCarloDropoutGraph.Export(fixture.Network, passes: 3, seed: 11);
        byte[] other = MonteCarloDropoutGraph.Export(fixture.Network, passes: 3, seed: 12);
        Assert.Equal(first, again);

        var (photometric, spectrum) = NetworkExportFixtures.Inputs(79);
        using var a = new OnnxModelRunner(first, intraOpThreads: 1);
        using var b = new OnnxModelRunner(other, intraOpThreads: 1);
        float[] sigmaA = a.Run(Feed(fixture.Network, photometric, spectrum))[SPFusionOnnxNames.SigmaOutput].Values;
        float[] sigmaB = b.Run(Feed(fixture.Network, photometric, spectrum))[SPFusionOnnxNames.SigmaOutput].Values;
        Assert.True(sigmaA.Zip(sigmaB).Any(p => Math.Abs(p.First - p.Second) > 1e-4), "another seed gave the same sigmas");
    }

    [Fact]
    public void TheWeightsAreStoredOnceAndTheGraphDescribesItself()
    {
        byte[] single = OnnxExporter.ExportToBytes(fixture.Network);
        byte[] eight = MonteCarloDropoutGraph.Export(fixture.Network, passes: 8, seed: 1);
        Assert.True(eight.Length < 1.5 * single.Length, $"T=8 graph {eight.Length:N0} bytes against {single.Length:N0} for one export");

        var model = ModelProto.Parser.ParseFrom(eight);
        var names = model.Graph.Initializer.Select(i => i.Name).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
        // The stem's weight is there once, not once per pass.
        Assert.Single(names, n => n.StartsWith("spec_feature_extractor/stem.weight", StringComparison.Ordinal));
        Assert.All(model.Graph.Node, n => Assert.Matches("^(pass[0-7]/|mc_dropout/)", n.Name));

        using var runner = new OnnxModelRunner(eight, intraOpThreads: 1);
        Assert.Equal(["photometric", "spectrum"], runner.InputNames.Order());
        Assert.Equal(["prediction", "prediction_sigma", "dropout_sigma"], runner.OutputNames);
        var meta = runner.CustomMetadata;
        Assert.Equal("8", meta[MonteCarloDropoutGraph.PassesKey]);
        Assert.Equal("1", meta[MonteCarloDropoutGraph.SeedKey]);
        Assert.Equal("dropout=0.3;drop_path=0.3;convnext_dropout=0.2", meta[MonteCarloDropoutGraph.RatesKey]);
        Assert.Contains("dropout_sigma", meta[OnnxMetadataKeys.Outputs], StringComparison.Ordinal);
        Assert.Contains("spectrum", meta[OnnxMetadataKeys.SpectrumPreparation], StringComparison.Ordinal);
    }

    [Fact]
    public void AnExportWithoutPassesIsUnchangedByTheDropoutSites()
    {
        // The evaluation-mode export has no mask, no Cast and no pass prefix: Drop adds nothing there.
        var model = OnnxExporter.BuildModel(fixture.Network);
        Assert.DoesNotContain(model.Graph.Node, n => n.OpType == "Cast" || n.Name.Contains("dropout", StringComparison.Ordinal) || n.Name.Contains("drop_path", StringComparison.Ordinal));
        Assert.DoesNotContain(model.Graph.Initializer, i => i.Name.EndsWith("/mask", StringComparison.Ordinal));
        Assert.Equal(OnnxExporter.BuildModel(fixture.Network).ToByteArray(), model.ToByteArray());
    }

    [Fact]
    public void ACalibrationScalesTheTotalAndLeavesTheDropoutSpreadRaw()
    {
        byte[] graph = MonteCarloDropoutGraph.Export(fixture.Network, passes: 3, seed: 13);
        byte[] calibrated = SigmaScalingGraph.Apply(graph, 2.0, 0.5, "mc");
        var (photometric, spectrum) = NetworkExportFixtures.Inputs(80);
        using var runner = new OnnxModelRunner(calibrated, intraOpThreads: 1);
        var outputs = runner.Run(Feed(fixture.Network, photometric, spectrum));
        float[] spread = outputs[SPFusionOnnxNames.DropoutSigmaOutput].Values, total = outputs[SPFusionOnnxNames.SigmaOutput].Values;
        for (int i = 0; i < spread.Length; i++) Assert.Equal(spread[i] * (i % 2 == 0 ? 2.0f : 0.5f), total[i], 1e-6f);
    }

    [Fact]
    public void FewerThanTwoPassesOrNoDropoutAreRefused()
    {
        var passes = Assert.Throws<ArgumentOutOfRangeException>(() => SPFusionMonteCarloDropout.Export(fixture.Network, 1, 42));
        Assert.Contains("at least 2 passes", passes.Message, StringComparison.Ordinal);

        using var racNet = NetworkFactory.Create(NetworkOptions.Published with { Variant = NetworkVariant.RacNet }, 3);
        var none = Assert.Throws<ArgumentException>(() => SPFusionMonteCarloDropout.Export(racNet, 4, 42));
        Assert.Contains("no dropout or drop-path layer", none.Message, StringComparison.Ordinal);

        using var zeroRates = NetworkFactory.Create(NetworkOptions.Published with { Dropout = 0, DropPath = 0, ConvNeXtDropout = 0 }, 3);
        var zero = Assert.Throws<ArgumentException>(() => SPFusionMonteCarloDropout.Export(zeroRates, 4, 42));
        Assert.Contains("rate at 0", zero.Message, StringComparison.Ordinal);

        string zip = _temp.File("refused.zip");
        Assert.Throws<ArgumentException>(() => SPFusionMonteCarloDropout.Save(new MLContext(seed: 1), racNet, zip));
        Assert.False(File.Exists(zip));
    }

    [Fact]
    public void TheModelZipReloadsInAFreshContextWithTheRawGraphsSigmas()
    {
        string zip = _temp.File("mc.zip");
        SPFusionMonteCarloDropout.Save(new MLContext(seed: 1), fixture.Network, zip, passes: 3, seed: 7);
        byte[] graph = MonteCarloDropoutGraph.Export(fixture.Network, 3, 7);
        Assert.Equal(graph, ModelZipOnnxGraph.Read(zip));

        var rows = SyntheticRows.Uniform(3, seed: 4);
        using var runner = new OnnxModelRunner(graph, intraOpThreads: 1);
        var raw = runner.Run(new Dictionary<string, (float[], long[])>
        {
            [SPFusionOnnxNames.PhotometricInput] = (rows.SelectMany(r => r.Photometry).ToArray(), [rows.Count, SPFusionShapes.Bands, SPFusionShapes.ImageSize, SPFusionShapes.ImageSize]),
            [SPFusionOnnxNames.SpectrumInput] = (rows.SelectMany(r => r.Spectrum).ToArray(), [rows.Count, 1, SPFusionShapes.SpectrumLength]),
        });

        var fresh = new MLContext(seed: 2);
        using var loaded = SPFusionModelFile.Load(fresh, zip) as IDisposable;
        var scored = fresh.Data.CreateEnumerable<SigmaScoredRow>(((ITransformer)loaded!).Transform(fresh.Data.LoadFromEnumerable(rows)), reuseRowObject: false).ToList();
        using var predictor = SPFusionBatchPredictor.FromModelZip(zip, new SPFusionBatchOptions { BatchSize = 2, IntraOpNumThreads = 1 });
        Assert.True(predictor.HasUncertainty);
        var batch = predictor.Predict(fresh.Data.LoadFromEnumerable(rows));
        float[] mean = raw[SPFusionOnnxNames.PredictionOutput].Values, sigma = raw[SPFusionOnnxNames.SigmaOutput].Values;
        for (int i = 0; i < rows.Count; i++)
        {
            Assert.Equal(mean[2 * i], scored[i].PredictedMass, 1e-5f);
            Assert.Equal(mean[2 * i + 1], scored[i].PredictedAge, 1e-5f);
            Assert.Equal(sigma[2 * i], scored[i].MassSigma, 1e-5f);
            Assert.Equal(sigma[2 * i + 1], scored[i].AgeSigma, 1e-5f);
            Assert.Equal(sigma[2 * i], batch[i].MassSigma!.Value, 1e-5f);
            Assert.Equal(sigma[2 * i + 1], batch[i].AgeSigma!.Value, 1e-5f);
            Assert.True(scored[i].MassSigma > 0 && scored[i].AgeSigma > 0);
        }
    }

    private sealed class SigmaScoredRow
    {
        public float PredictedMass { get; set; }

        public float PredictedAge { get; set; }

        public float MassSigma { get; set; }

        public float AgeSigma { get; set; }
    }
}

/// <summary>The combination of the passes, on hand-fed pass outputs (with and without a head's predicted sigma).</summary>
public sealed class MonteCarloDropoutCombinationTests
{
    private static readonly float[][] Predictions = [[1.0f, 5.0f, 2.0f, 3.0f], [1.5f, 4.0f, 2.0f, 3.5f], [0.5f, 6.5f, 2.0f, 2.0f]];
    private static readonly float[][] Sigmas = [[0.1f, 0.4f, 0.2f, 1.0f], [0.3f, 0.2f, 0.2f, 0.5f], [0.2f, 0.6f, 0.4f, 0.1f]];

    private static IReadOnlyDictionary<string, (float[] Values, long[] Shape)> Run(bool withPredictedSigma)
    {
        var graph = new OnnxGraphBuilder("combination");
        var passes = new List<NetworkGraphOutputs>();
        var feed = new Dictionary<string, (float[], long[])>();
        for (int t = 0; t < Predictions.Length; t++)
        {
            string p = graph.AddInput($"p{t}", 2);
            feed[p] = (Predictions[t], [2, 2]);
            string? s = null;
            if (withPredictedSigma)
            {
                s = graph.AddInput($"s{t}", 2);
                feed[s] = (Sigmas[t], [2, 2]);
            }
            passes.Add(new NetworkGraphOutputs(p) { PredictedSigma = s });
        }
        Assert.Equal(withPredictedSigma, MonteCarloDropoutGraph.Combine(graph, passes));
        using var runner = new OnnxModelRunner(graph.Build("test").ToByteArray(), intraOpThreads: 1);
        return runner.Run(feed);
    }

    [Fact]
    public void TheSpreadIsTheSampleStandardDeviationAndTheTotalEqualsIt()
    {
        var outputs = Run(withPredictedSigma: false);
        Assert.Equal(["dropout_sigma", "prediction", "prediction_sigma"], outputs.Keys.Order(StringComparer.Ordinal));
        for (int i = 0; i < 4; i++)
        {
            double[] v = Predictions.Select(p => (double)p[i]).ToArray();
            double mean = v.Average(), sd = Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1));
            Assert.Equal(mean, outputs["prediction"].Values[i], 1e-6);
            Assert.Equal(sd, outputs["dropout_sigma"].Values[i], 1e-6);
            Assert.Equal(outputs["dropout_sigma"].Values[i], outputs["prediction_sigma"].Values[i]);
        }
        // Identical passes (column 2 of star 0 is 2.0 in each) give a spread of exactly 0, not a NaN.
        Assert.Equal(0f, outputs["dropout_sigma"].Values[2]);
    }

    [Fact]
    public void APredictedSigmaIsAveragedAsAVarianceAndAddedInQuadrature()
    {
        var outputs = Run(withPredictedSigma: true);
        for (int i = 0; i < 4; i++)
        {
            double[] v = Predictions.Select(p => (double)p[i]).ToArray();
            double mean = v.Average(), variance = v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1);
            double predictedVariance = Sigmas.Average(s => (double)s[i] * s[i]);
            Assert.Equal(Math.Sqrt(variance), outputs["dropout_sigma"].Values[i], 1e-6);
            Assert.Equal(Math.Sqrt(predictedVariance), outputs["predicted_sigma"].Values[i], 1e-6);
            Assert.Equal(Math.Sqrt(variance + predictedVariance), outputs["prediction_sigma"].Values[i], 1e-6);
        }
    }
}
