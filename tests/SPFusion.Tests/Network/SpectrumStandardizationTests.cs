using Microsoft.ML;
using SPFusion.ML.MLNet;
using SPFusion.ML.Network;
using SPFusion.ML.Onnx.Export;
using SPFusion.ML.Training;
using SPFusion.Tests.Support;
using SPFusion.Transforms;
using static SPFusion.Tests.Onnx.Export.NetworkExportFixtures;
using static TorchSharp.torch;

namespace SPFusion.Tests.Network;

/// <summary>The per-pixel spectrum standardisation: the identity until set, exact when set, exported and trained as documented.</summary>
[Collection(TorchGlobalStateCollection.Name)]
public sealed class SpectrumStandardizationTests
{
    private const int Length = SPFusionShapes.SpectrumLength;

    private static (float[] Mean, float[] Std) Moments()
    {
        var rng = new Random(7);
        var mean = Enumerable.Range(0, Length).Select(_ => (float)rng.NextDouble()).ToArray();
        var std = Enumerable.Range(0, Length).Select(i => i < 31 ? 0f : (float)(0.01 + rng.NextDouble())).ToArray();
        return (mean, std);
    }

    [Fact]
    public void ANewNetworkReadsTheMinMaxSpectrumUnchangedAndExportsThePublishedGraph()
    {
        using var network = NetworkFactory.Create(NetworkOptions.Published, 42);
        Assert.True(network.SpectrumStandardization!.IsIdentity);
        using var x = rand(2, 1, Length);
        using var y = network.SpectrumStandardization!.forward(x);
        Assert.True(x.equal(y).all().item<bool>(), "the identity standardisation changed the spectrum");
        var graph = OnnxExporter.BuildModel(network).Graph;
        Assert.DoesNotContain(graph.Node, n => n.Name.StartsWith("spectrum_standardization", StringComparison.Ordinal));
        // Buffers, not parameters: the trainable count is the published one.
        Assert.Equal(939_398, network.TrainableParameterCount());
    }

    [Fact]
    public void SetMomentsSubtractsTheMeanAndDividesByTheStdShiftingOnlyConstantPixels()
    {
        var (mean, std) = Moments();
        using var module = new SpectrumStandardization();
        module.SetMoments(mean, std);
        Assert.False(module.IsIdentity);
        var input = Enumerable.Range(0, Length).Select(i => (float)Math.Sin(i)).ToArray();
        using var x = tensor(input, [1, 1, Length]);
        using var y = module.forward(x);
        var output = y.data<float>().ToArray();
        for (int i = 0; i < Length; i++)
        {
            double expected = std[i] < SpectrumStandardization.MinimumStd ? input[i] - mean[i] : (input[i] - mean[i]) / std[i];
            Assert.Equal(expected, output[i], 3);
        }
    }

    [Theory]
    [InlineData(Length - 1, 0)]
    [InlineData(0, float.NaN)]
    [InlineData(5, -1f)]
    public void BadStatisticsAreRefusedNamingThePixel(int badIndex, float badStd)
    {
        var (mean, std) = Moments();
        if (badIndex == Length - 1) mean = mean[..^1];
        else std[badIndex] = badStd;
        using var module = new SpectrumStandardization();
        var ex = Assert.Throws<ArgumentException>(() => module.SetMoments(mean, std));
        Assert.Contains(badIndex == Length - 1 ? "3584 values" : $"pixel {badIndex}", ex.Message, StringComparison.Ordinal);
        Assert.True(module.IsIdentity, "a refused call changed the statistics");
    }

    [Theory]
    [InlineData(NetworkVariant.SPFusion)]
    [InlineData(NetworkVariant.ConvNeXt1D)]
    public void AStandardisedNetworkExportsExactly(NetworkVariant variant)
    {
        var (mean, std) = Moments();
        using var network = NetworkFactory.Create(NetworkOptions.Published with { Variant = variant }, 45);
        Perturb(network, 7);
        network.SpectrumStandardization!.SetMoments(mean, std);
        AssertExportMatchesTorch(network, $"standardised {variant}");
        var graph = OnnxExporter.BuildModel(network).Graph;
        Assert.Contains(graph.Node, n => n.Name == "spectrum_standardization/sub" && n.OpType == "Sub");
    }

    [Fact]
    public void TheStatisticsAreSavedAndLoadedWithTheWeights()
    {
        var (mean, std) = Moments();
        using var folder = new TempFolder("spfusion-standardization");
        string path = folder.File("weights.bin");
        using (var network = NetworkFactory.Create(NetworkOptions.Published, 46))
        {
            network.SpectrumStandardization!.SetMoments(mean, std);
            network.SaveWeights(path);
        }
        using var loaded = NetworkFactory.Create(NetworkOptions.Published, 47);
        loaded.LoadWeights(path);
        Assert.Equal(mean, loaded.SpectrumStandardization!.Mean);
    }

    [Fact]
    public void TrainingFromRandomWeightsStandardisesWithTheTrainingRowsOnly()
    {
        var ml = new MLContext(seed: 1);
        var rows = LearnableStars.Create(20, seed: 24);
        var train = ml.Data.LoadFromEnumerable(rows);
        var validation = ml.Data.LoadFromEnumerable(LearnableStars.Create(8, seed: 25));
        var log = new List<string>();
        ml.Log += (_, e) => { lock (log) log.Add(e.RawMessage); };
        var options = new SPFusionTrainer.Options
        {
            StandardizeSpectra = true,
            MaxEpochs = 1,
            BatchSize = 8,
            Seed = 5,
            NumberOfThreads = 2,
            Device = TrainingDevice.Cpu,
            ValidationData = validation,
        };
        using var model = ml.Regression.Trainers.SPFusion(ml, options).Fit(train);
        lock (log) Assert.Contains(log, l => l.StartsWith("spectra standardised per pixel with the 20 training rows'", StringComparison.Ordinal));

        var graph = global::Onnx.ModelProto.Parser.ParseFrom(model.OnnxModel).Graph;
        var exported = graph.Initializer.Single(i => i.Name == "spectrum_standardization.mean");
        var exportedMean = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(exported.RawData.Span).ToArray();
        for (int i = 0; i < Length; i += 97)
        {
            double expected = rows.Average(r => (double)r.Spectrum[i]);
            Assert.Equal(expected, exportedMean[i], 4);
        }
    }

    [Fact]
    public void InitialWeightsKeepTheirOwnStandardisation()
    {
        var ml = new MLContext(seed: 1);
        var rows = ml.Data.LoadFromEnumerable(LearnableStars.Create(20, seed: 26));
        var log = new List<string>();
        ml.Log += (_, e) => { lock (log) log.Add(e.RawMessage); };
        var options = SPFusionTrainer.Options.For(TrainingPreset.SmallSurvey) with
        {
            MaxEpochs = 1,
            BatchSize = 8,
            Seed = 5,
            NumberOfThreads = 2,
            Device = TrainingDevice.Cpu,
            InitialWeights = TestPaths.PublishedOnnx,
        };
        using var model = ml.Regression.Trainers.SPFusion(ml, options).Fit(rows);
        lock (log) Assert.Contains(log, l => l.StartsWith("spectra not standardised: the initial weights spfusion-published.onnx", StringComparison.Ordinal));
        var graph = global::Onnx.ModelProto.Parser.ParseFrom(model.OnnxModel).Graph;
        Assert.DoesNotContain(graph.Node, n => n.Name.StartsWith("spectrum_standardization", StringComparison.Ordinal));
    }
}
