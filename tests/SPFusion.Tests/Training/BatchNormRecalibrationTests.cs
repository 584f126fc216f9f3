using Microsoft.ML;
using SPFusion.ML.Network;
using SPFusion.ML.Training;
using SPFusion.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace SPFusion.Tests.Training;

/// <summary>Precise batch norm: the running statistics become those of the current weights over the training rows.</summary>
[Collection(TorchGlobalStateCollection.Name)]
public sealed class BatchNormRecalibrationTests : IDisposable
{
    private readonly TempFolder _temp = new("spfusion-bnrecal");

    public void Dispose() => _temp.Dispose();

    private StarRowCache Cache(int rows) =>
        StarRowCache.Build(new MLContext(seed: 1).Data.LoadFromEnumerable(LearnableStars.Create(rows, seed: 31)), new TrainingColumns(),
            withPhotometry: true, InvalidRowHandling.Fail, _temp.Path, [], CancellationToken.None);

    private static List<KeptScalarBatchNorm> Norms(StarNetwork network) => [.. network.modules().OfType<KeptScalarBatchNorm>()];

    private static Tensor[] Statistics(StarNetwork network) =>
        [.. Norms(network).SelectMany(n => new[] { n.running_mean!.clone(), n.running_var!.clone() })];

    [Fact]
    public void OneBatchGivesThatBatchsMeanAndUnbiasedVarianceOfTheNormsInput()
    {
        using var cache = Cache(6);
        using var network = NetworkFactory.Create(NetworkOptions.Published with { Dropout = 0, DropPath = 0, ConvNeXtDropout = 0 }, seed: 3);
        var batch = new BatchTensors(8, withPhotometry: true);
        BatchNormRecalibration.Run(network, cache, batch, batchSize: 8, CPU, CancellationToken.None);

        // The first batch norm of the photometric stem normalises the first 3x3 convolution's output.
        var (conv, stemNorm) = network.modules().OfType<DeepStem>().Single().Layers[0];
        var norm = stemNorm!;
        using var scope = NewDisposeScope();
        var (photometric, _, _) = batch.Load(cache, [0, 1, 2, 3, 4, 5], CPU);
        using var noGrad = no_grad();
        var input = conv.forward(photometric);
        Assert.Equal(norm.running_mean!.shape[0], input.shape[1]);
        var mean = input.mean([0, 2, 3]);
        var variance = input.var([0, 2, 3], unbiased: true);
        Assert.True(allclose(norm.running_mean!, mean, rtol: 1e-4, atol: 1e-5), "running mean is not the batch mean");
        Assert.True(allclose(norm.running_var!, variance, rtol: 1e-4, atol: 1e-5), "running variance is not the unbiased batch variance");
        Assert.False(network.training, "the network is left in evaluation mode");
        Assert.All(Norms(network), n => Assert.Equal(KeptScalarBatchNorm.Momentum, n.momentum));
    }

    [Fact]
    public void TheResultDependsOnlyOnTheWeightsAndRowsNotOnEarlierStatisticsAndDrawsNoRandomNumbers()
    {
        using var cache = Cache(20);
        // Dropout on: recalibration must still run it as in evaluation and leave the run's generator untouched.
        using var network = NetworkFactory.Create(NetworkOptions.Published, seed: 4);
        using var generator = new Generator(9, CPU);
        network.UseRandomSource(generator);
        using var stateBefore = generator.get_state();
        var weights = network.parameters().Select(p => p.detach().clone()).ToList();
        var batch = new BatchTensors(8, withPhotometry: true);

        BatchNormRecalibration.Run(network, cache, batch, batchSize: 8, CPU, CancellationToken.None);
        var first = Statistics(network);
        using (no_grad())
        {
            foreach (var n in Norms(network))
            {
                n.running_mean!.normal_(5, 1);
                n.running_var!.uniform_(50, 100);
            }
        }
        BatchNormRecalibration.Run(network, cache, batch, batchSize: 8, CPU, CancellationToken.None);
        var second = Statistics(network);

        Assert.Equal(first.Length, second.Length);
        for (int i = 0; i < first.Length; i++) Assert.True(allclose(first[i], second[i], rtol: 1e-5, atol: 1e-6), $"statistic {i} depends on the earlier one");
        Assert.All(network.parameters().Zip(weights), pair => Assert.True(pair.First.eq(pair.Second).all().item<bool>(), "a weight changed"));
        using var stateAfter = generator.get_state();
        Assert.True(stateBefore.eq(stateAfter).all().item<bool>(), "recalibration drew from the run's generator");
        network.UseRandomSource(null);
    }

    [Fact]
    public void TheSmallSurveyPresetRecalibratesAndThePublishedRecipeDoesNot()
    {
        Assert.True(SPFusionTrainer.Options.For(TrainingPreset.SmallSurvey).RecalibrateBatchNorm);
        Assert.False(SPFusionTrainer.Options.For(TrainingPreset.Published).RecalibrateBatchNorm);
    }
}
