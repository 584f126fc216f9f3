using SPFusion.ML.Onnx.Export;
using TorchSharp;
using static SPFusion.Tests.Onnx.Export.OnnxTestSupport;
using static TorchSharp.torch;

namespace SPFusion.Tests.Onnx.Export;

public sealed class ElementwiseEmitterTests
{
    [Fact]
    public void GeluMatchesTorchExactGelu()
    {
        manual_seed(10);
        var x = randn(3, 5, 11) * 3;
        var y = RunBlock(x, [5, 11], (g, i) => GeluEmitter.Emit(g, i, "gelu"));
        AssertClose(nn.functional.gelu(x), y, "gelu");
    }

    [Fact]
    public void ChannelLayerNormMatchesMeanAndBiasedVarianceOverChannels()
    {
        manual_seed(11);
        var x = randn(3, 12, 9) * 2 + 1;
        float[] w = TensorValues.ToFloats(rand(12) + 0.5);
        float[] b = TensorValues.ToFloats(randn(12));
        var mean = x.mean([1], keepdim: true);
        var variance = (x - mean).pow(2).mean([1], keepdim: true);
        var expected = (x - mean) / (variance + 1e-6).sqrt() * tensor(w).reshape(12, 1) + tensor(b).reshape(12, 1);
        var y = RunBlock(x, [12, 9], (g, i) => ChannelLayerNormEmitter.Emit(g, i, w, b, 1e-6, "ln"));
        AssertClose(expected, y, "channel layer norm");
    }

    [Fact]
    public void ChannelLayerNormAffineFoldsAnOutputScale()
    {
        manual_seed(12);
        var x = randn(2, 6, 5);
        float[] w = TensorValues.ToFloats(rand(6) + 0.5);
        float[] b = TensorValues.ToFloats(randn(6));
        var mean = x.mean([1], keepdim: true);
        var normalised = (x - mean) / ((x - mean).pow(2).mean([1], keepdim: true) + 1e-6).sqrt();
        var expected = (normalised * tensor(w).reshape(6, 1) + tensor(b).reshape(6, 1)) / Math.Sqrt(28);
        var y = RunBlock(x, [6, 5], (g, i) =>
            ChannelLayerNormEmitter.Affine(g, ChannelLayerNormEmitter.Normalize(g, i, 1e-6, "ln"), w, b, "ln_q", 1 / Math.Sqrt(28)));
        AssertClose(expected, y, "scaled channel layer norm");
    }

    [Fact]
    public void LinearOnLastAxisMatchesTorch()
    {
        manual_seed(13);
        using var linear = nn.Linear(20, 7);
        var x = randn(3, 4, 20);
        using var noGrad = no_grad();
        var y = RunBlock(x, [4, 7], (g, i) => LinearEmitter.Emit(g, i, linear, "linear"));
        AssertClose(linear.forward(x), y, "linear");
    }

    [Fact]
    public void BiasFreeLinearMatchesTorch()
    {
        manual_seed(14);
        using var linear = nn.Linear(9, 3, hasBias: false);
        var x = randn(5, 9);
        using var noGrad = no_grad();
        var y = RunBlock(x, [3], (g, i) => LinearEmitter.Emit(g, i, linear, "linear"));
        AssertClose(linear.forward(x), y, "bias-free linear");
    }

    [Fact]
    public void SoftmaxPlusOneMatchesTheReleaseFormula()
    {
        manual_seed(15);
        var s = randn(2, 1, 6, 6) * 4;
        var e = (s - s.amax([-1], keepdim: true)).exp();
        var expected = e / (e.sum([-1], keepdim: true) + 1);
        var y = RunBlock(s, [1, 6, 6], (g, i) => SoftmaxPlusOneEmitter.Emit(g, i, "softmax1"));
        AssertClose(expected, y, "softmax plus one");
    }
}
