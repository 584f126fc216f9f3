using SPFusion.ML.Evaluation;
using SPFusion.ML.Network;
using TorchSharp;
using static TorchSharp.torch;

namespace SPFusion.Tests.Evaluation;

/// <summary>Integrated gradients of the spectrum: completeness, and a network that reads no spectrum refused.</summary>
public class IntegratedGradientsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void AttributionsSumToTheOutputChangeFromTheBaselineWithin1Percent(int target)
    {
        // A small spectrum-only network with smooth activations (the paper's ConvNeXt 1D: GELU, layer norm) and seeded random
        // weights, so the midpoint rule converges fast; two stars.
        using var network = NetworkFactory.Create(NetworkOptions.Published with { Variant = NetworkVariant.ConvNeXt1DPaper }, seed: 3);
        using var generator = new Generator(9, CPU);
        using var spectrum = rand([2, 1, 3584], generator: generator);
        using var photometric = zeros(2, 3, 128, 128);
        using var baseline = zeros(1, 1, 3584);
        bool training = network.training;

        using var attribution = IntegratedGradients.Attribute(network, photometric, spectrum, baseline, target, steps: 128);
        Assert.Equal(spectrum.shape, attribution.shape);
        using var atInput = IntegratedGradients.Predict(network, photometric, spectrum);
        using var atBaseline = IntegratedGradients.Predict(network, photometric, zeros(2, 1, 3584));
        var sums = attribution.sum([1, 2]).data<float>().ToArray();
        var input = atInput.data<float>().ToArray();
        var reference = atBaseline.data<float>().ToArray();
        for (int s = 0; s < 2; s++)
        {
            double delta = input[(s * 2) + target] - reference[(s * 2) + target];
            Assert.True(Math.Abs(delta) > 1e-4, $"star {s}: the output barely moves ({delta}), so the check would say nothing");
            Assert.True(Math.Abs(sums[s] - delta) <= 0.01 * Math.Abs(delta), $"star {s}: attributions sum to {sums[s]}, f(x) - f(baseline) = {delta}");
        }
        Assert.Equal(training, network.training); // the caller's mode is restored
    }

    [Fact]
    public void TheImageOnlyNetworkHasNoSpectralAttribution()
    {
        using var network = NetworkFactory.Create(NetworkOptions.Published with { Variant = NetworkVariant.ResNet10T }, seed: 3);
        using var spectrum = zeros(1, 1, 3584);
        using var photometric = zeros(1, 3, 128, 128);
        var ex = Assert.Throws<ArgumentException>(() => IntegratedGradients.Attribute(network, photometric, spectrum, spectrum, 0, 4));
        Assert.Contains("reads no spectrum", ex.Message);
    }
}
