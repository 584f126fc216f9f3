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

    [Fact]
    public void ThePublicMapOverADataViewIsCompleteAndAveragesTheStars()
    {
        // The same small smooth network over three rows of an IDataView, spectrum only (no photometry column).
        using var network = NetworkFactory.Create(NetworkOptions.Published with { Variant = NetworkVariant.ConvNeXt1DPaper }, seed: 3);
        var random = new Random(4);
        var rows = Enumerable.Range(0, 3).Select(_ => new SpectrumRow { Spectrum = [.. Enumerable.Range(0, 3584).Select(_ => (float)random.NextDouble())] }).ToArray();
        var ml = new Microsoft.ML.MLContext(seed: 1);

        var map = SpectrumAttribution.Compute(network, ml.Data.LoadFromEnumerable(rows), medianBaseline: false, steps: 128);
        Assert.Equal(3584, map.MeanSpectrum.Length);
        Assert.Equal((rows[0].Spectrum[10] + rows[1].Spectrum[10] + rows[2].Spectrum[10]) / 3.0, map.MeanSpectrum[10], 6);
        Assert.All(map.CompletenessError, e => Assert.InRange(e, 0, 0.01));
        for (int t = 0; t < 2; t++)
        {
            Assert.Equal(3584, map.MeanAttribution[t].Length);
            Assert.All(map.MeanAbsoluteAttribution[t].Zip(map.MeanAttribution[t]), p => Assert.True(p.First >= Math.Abs(p.Second) - 1e-12));
        }
        var ex = Assert.Throws<ArgumentException>(() => SpectrumAttribution.Compute(network, ml.Data.LoadFromEnumerable(rows), spectrumColumn: "Flux"));
        Assert.Contains("'Flux'", ex.Message);
    }

    private sealed class SpectrumRow
    {
        [Microsoft.ML.Data.VectorType(3584)]
        public float[] Spectrum { get; set; } = [];
    }
}
