using SPFusion.ML.Network;
using SPFusion.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace SPFusion.Tests.Network;

public class NetworkBehaviourTests
{
    public static TheoryData<string, NetworkOptions, long> Ablations => new()
    {
        { "published", NetworkOptions.Published, 939_398 },
        // Additive fusion keeps every layer, so the count is unchanged.
        { "no star", NetworkOptions.Published with { UseStarOperator = false }, 939_398 },
        // Star fusion kernel 16: each of the six star-fusion convolutions gains 9 taps per (out, in/groups) pair.
        { "star kernel 16", NetworkOptions.Published with { StarFusionKernelSize = 16 }, 939_398 + 9 * (2 * 32 + 2 * 128 * 32 + 32 * 128 + 32) },
        // FFN ratio 2: fusion FFN 96->192->96 instead of 96->384->96, MetaFormer 96->96->96 instead of 96->192->96.
        { "ffn ratio 2", NetworkOptions.Published with { FeedForwardExpansion = 2 }, 939_398 - (2 * 96 * 192 + 192) - (2 * 96 * 96 + 96) },
        // Heads only split the length axis of the attention; no parameters change.
        { "4 heads", NetworkOptions.Published with { FusionHeads = 4 }, 939_398 },
        { "7 heads", NetworkOptions.Published with { FusionHeads = 7 }, 939_398 },
        // An extra residual MetaFormer block: LN + 96->192->96, no length map.
        { "2 metaformer blocks", NetworkOptions.Published with { MetaFormerBlocks = 2 }, 939_398 + 192 + 96 * 192 + 192 + 192 * 96 + 96 },
        { "convnext1d", NetworkOptions.Published with { Variant = NetworkVariant.ConvNeXt1D }, 566_850 },
    };

    [Theory]
    [MemberData(nameof(Ablations))]
    public void EveryAblationBuildsRunsABatchOfTwoAndHasTheExpectedParameterCount(string name, NetworkOptions options, long parameters)
    {
        using var net = NetworkFactory.Create(options, 11);
        Assert.True(parameters == net.TrainableParameterCount(), $"{name}: {net.TrainableParameterCount()} parameters, expected {parameters}");
        net.eval();
        using var generator = new Generator(5, CPU);
        using var p = rand([2, 3, 128, 128], generator: generator);
        using var s = rand([2, 1, 3584], generator: generator);
        using var noGrad = no_grad();
        using var output = net.forward(p, s);
        Assert.Equal(new long[] { 2, 2 }, output.Prediction.shape);
        Assert.True(output.Prediction.isfinite().all().item<bool>(), $"{name}: non-finite prediction");
        if (options.Variant == NetworkVariant.SPFusion)
        {
            int h = options.FusionHeads;
            Assert.Equal(new long[] { 2, h, 96, 96 }, output.FusionAttention!.shape);
            Assert.Equal(new long[] { 2, 96 }, output.ChannelAttention!.shape);
        }
        else
        {
            Assert.Null(output.FusionAttention);
            Assert.Null(output.ChannelAttention);
        }
    }

    [Fact]
    public void SameSeedGivesIdenticalWeightsAndOtherSeedsDiffer()
    {
        using var a = NetworkFactory.Create(NetworkOptions.Published, 42);
        using var b = NetworkFactory.Create(NetworkOptions.Published, 42);
        using var c = NetworkFactory.Create(NetworkOptions.Published, 43);
        var pa = a.named_parameters().ToList();
        var pb = b.named_parameters().ToList();
        var pc = c.named_parameters().ToList();
        for (int i = 0; i < pa.Count; i++)
            Assert.True(Same(pa[i].parameter, pb[i].parameter), $"{pa[i].name} differs between two networks built with seed 42");
        var stem = pa.Single(x => x.name == "spec_feature_extractor.stem.weight").parameter;
        var otherStem = pc.Single(x => x.name == "spec_feature_extractor.stem.weight").parameter;
        Assert.False(Same(stem, otherStem));
        // PyTorch's default bound for the stem: 1/sqrt(fan_in = 1*32).
        Assert.True(stem.abs().max().item<float>() <= 1 / MathF.Sqrt(32));
    }

    [Fact]
    public void EvaluationIsDeterministicAndTrainingIsStochastic()
    {
        using var net = NetworkFactory.Create(NetworkOptions.Published, 8);
        using var generator = new Generator(9, CPU);
        using var p = rand([2, 3, 128, 128], generator: generator);
        using var s = rand([2, 1, 3584], generator: generator);
        using var noGrad = no_grad();

        net.eval();
        using var e1 = net.forward(p, s);
        using var e2 = net.forward(p, s);
        Assert.True(Same(e1.Prediction, e2.Prediction));
        Assert.True(Same(e1.FusionAttention!, e2.FusionAttention!));

        net.train();
        using var t1 = net.forward(p, s);
        using var t2 = net.forward(p, s);
        Assert.False(Same(t1.Prediction, t2.Prediction), "dropout/drop-path inactive in training mode");
    }

    [Fact]
    public void DropPathDropsWholeSamplesScaledOnlyInTraining()
    {
        using var drop = new DropPath(0.5);
        using var x = ones(64, 3, 5);
        drop.eval();
        using (var y = drop.forward(x)) Assert.True(Same(y, x));
        drop.train();
        using var z = drop.forward(x);
        var perSample = z.reshape(64, -1);
        for (int i = 0; i < 64; i++)
        {
            var row = perSample[i];
            float first = row[0].item<float>();
            Assert.True(first == 0f || first == 2f, $"sample {i} has value {first}, expected 0 or 1/(1-p) = 2");
            Assert.True(row.eq(first).all().item<bool>(), $"sample {i} was not dropped as a whole");
        }
        float mean = z.mean().item<float>();
        Assert.InRange(mean, 0.5f, 1.5f);
    }

    [Fact]
    public void SamePaddingOfAnEvenKernelIsSevenLeftEightRight()
    {
        using var conv = new SamePadConv1d(1, 1, 16, hasBias: false);
        Assert.Equal(7, conv.PadLeft);
        Assert.Equal(8, conv.PadRight);
        using (no_grad())
        {
            conv.Weight.zero_();
            conv.Weight[0, 0, 0] = tensor(1f); // output[t] = input[t - 7]
        }
        using var x = arange(1, 21, dtype: float32).reshape(1, 1, 20);
        using var y = conv.forward(x);
        Assert.Equal(new long[] { 1, 1, 20 }, y.shape);
        Assert.Equal(0f, y[0, 0, 6].item<float>());
        Assert.Equal(1f, y[0, 0, 7].item<float>());
    }

    [Fact]
    public void ChannelLayerNormNormalisesEachPositionOverChannels()
    {
        using var ln = new ChannelLayerNorm(4);
        using var x = tensor(new float[] { 1, 10, 2, 20, 3, 30, 4, 40 }, [1, 4, 2]);
        using var y = ln.forward(x);
        using var expected = tensor(new float[] { -1.3416f, -1.3416f, -0.4472f, -0.4472f, 0.4472f, 0.4472f, 1.3416f, 1.3416f }, [1, 4, 2]);
        Assert.True(y.allclose(expected, rtol: 0, atol: 1e-4));
    }

    [Fact]
    public void WeightsSurviveASaveLoadRoundTrip()
    {
        using var temp = new TempFolder("spfusion-weights");
        string path = temp.File("weights.bin");
        using var source = NetworkFactory.Create(NetworkOptions.Published, 21);
        // Make the batch-norm statistics non-default so buffers are part of the check.
        source.train();
        using (var warm = source.forward(rand(2, 3, 128, 128), rand(2, 1, 3584))) { }
        source.SaveWeights(path);
        using var target = NetworkFactory.Create(NetworkOptions.Published, 99);
        target.LoadWeights(path);
        var a = source.state_dict();
        var b = target.state_dict();
        Assert.Equal(a.Keys.OrderBy(k => k), b.Keys.OrderBy(k => k));
        foreach (var key in a.Keys) Assert.True(Same(a[key], b[key]), $"{key} differs after the round trip");
    }

    [Fact]
    public void LoadingWeightsOfAnotherConfigurationFailsClearly()
    {
        using var temp = new TempFolder("spfusion-weights");
        string path = temp.File("weights.bin");
        using (var baseline = NetworkFactory.Create(NetworkOptions.Published with { Variant = NetworkVariant.ConvNeXt1D }, 1))
            baseline.SaveWeights(path);
        using var net = NetworkFactory.Create(NetworkOptions.Published, 1);
        var ex = Assert.Throws<InvalidDataException>(() => net.LoadWeights(path));
        Assert.Contains(path, ex.Message);
    }

    [Theory]
    [InlineData(nameof(NetworkOptions.FusionHeads))]
    [InlineData(nameof(NetworkOptions.MetaFormerBlocks))]
    [InlineData(nameof(NetworkOptions.DropPath))]
    public void InvalidOptionsAreRejectedNamingTheOption(string option)
    {
        var options = option switch
        {
            // 3 divides the 96 channels but not the length 28 that the heads split.
            nameof(NetworkOptions.FusionHeads) => NetworkOptions.Published with { FusionHeads = 3 },
            nameof(NetworkOptions.MetaFormerBlocks) => NetworkOptions.Published with { MetaFormerBlocks = 0 },
            _ => NetworkOptions.Published with { DropPath = 1.0 },
        };
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => NetworkFactory.Create(options, 1));
        Assert.Equal(option, ex.ParamName);
    }

    [Fact]
    public void WrongInputShapeNamesTheInput()
    {
        using var net = NetworkFactory.Create(NetworkOptions.Published, 1);
        var ex = Assert.Throws<ArgumentException>(() => net.forward(zeros(1, 3, 128, 128), zeros(1, 1, 3000)));
        Assert.Equal("spectrum", ex.ParamName);
    }

    private static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();
}
