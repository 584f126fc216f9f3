using SPFusion.ML.Network;
using SPFusion.ML.Onnx.Import;
using SPFusion.Tests.Support;
using static TorchSharp.torch;

namespace SPFusion.Tests.Network;

public class PublishedSpectralBaselineTests
{
    [Fact]
    public void BaselineTakesTheReleasesSpectralExtractorAndASeededNewHead()
    {
        using var published = PublishedOnnxImporter.Load(TestPaths.PublishedOnnx);
        using var baseline = PublishedOnnxImporter.LoadSpectralBaseline(TestPaths.PublishedOnnx, seed: 5);
        using var fresh = (ConvNeXt1DBaseline)NetworkFactory.Create(NetworkOptions.Published with { Variant = NetworkVariant.ConvNeXt1D }, 5);

        var expected = published.SpectralExtractor.state_dict();
        var actual = baseline.SpectralExtractor.state_dict();
        Assert.Equal(expected.Keys.OrderBy(k => k), actual.Keys.OrderBy(k => k));
        Assert.NotEmpty(expected);
        foreach (var (name, value) in expected)
            Assert.True(value.allclose(actual[name], rtol: 0, atol: 0), $"extractor tensor {name} differs from the release's");

        var freshHead = fresh.Head.state_dict();
        foreach (var (name, value) in baseline.Head.state_dict())
            Assert.True(value.allclose(freshHead[name], rtol: 0, atol: 0), $"head tensor {name} is not the seeded fresh head");

        // The release's spectrum branch computes the same features in both networks.
        using var noGrad = no_grad();
        using var spectrum = rand(2, 1, 3584, generator: new TorchSharp.torch.Generator(3));
        using var a = published.SpectralExtractor.forward(spectrum);
        using var b = baseline.SpectralExtractor.forward(spectrum);
        Assert.True(a.allclose(b, rtol: 0, atol: 0), "extractor outputs differ");
        Assert.Equal(559_520, baseline.SpectralExtractor.parameters().Sum(p => p.numel()));
    }
}
