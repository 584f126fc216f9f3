using SPFusion.ML.Onnx.Export;
using TorchSharp;
using static SPFusion.Tests.Onnx.Export.OnnxTestSupport;
using static TorchSharp.torch;

namespace SPFusion.Tests.Onnx.Export;

public sealed class ConvEmitterTests
{
    [Fact]
    public void DepthwiseConv1dWithEvenKernelSamePaddingMatchesTorch()
    {
        manual_seed(1);
        using var conv = nn.Conv1d(8, 8, 16, Padding.Same, groups: 8);
        conv.eval();
        var x = randn(3, 8, 40);
        using var noGrad = no_grad();
        var y = RunBlock(x, [8, 40], (g, i) => ConvEmitter.Emit(g, i, conv, "dw"));
        AssertClose(conv.forward(x), y, "depthwise k16 same");
    }

    [Fact]
    public void Conv1dWithFoldedBatchNormMatchesTorchEval()
    {
        manual_seed(2);
        using var conv = nn.Conv1d(6, 10, 7, Padding.Same);
        using var bn = nn.BatchNorm1d(10);
        Randomize(bn);
        conv.eval();
        bn.eval();
        var x = randn(4, 6, 28);
        using var noGrad = no_grad();
        var y = RunBlock(x, [10, 28], (g, i) => ConvEmitter.Emit(g, i, conv, "conv", bn));
        AssertClose(bn.forward(conv.forward(x)), y, "conv1d + bn1d");
    }

    [Fact]
    public void StridedStemConv1dMatchesTorch()
    {
        manual_seed(3);
        using var conv = nn.Conv1d(1, 4, 32, stride: 32);
        var x = randn(2, 1, 256);
        using var noGrad = no_grad();
        var y = RunBlock(x, [4, 8], (g, i) => ConvEmitter.Emit(g, i, conv, "stem"));
        AssertClose(conv.forward(x), y, "stem k32 s32");
    }

    [Fact]
    public void BiasFreeConv2dWithFoldedBatchNormMatchesTorchEval()
    {
        manual_seed(4);
        using var conv = nn.Conv2d(3, 5, 3, stride: 2, padding: 1, bias: false);
        using var bn = nn.BatchNorm2d(5);
        Randomize(bn);
        bn.eval();
        var x = randn(2, 3, 16, 16);
        using var noGrad = no_grad();
        var y = RunBlock(x, [5, 8, 8], (g, i) => ConvEmitter.Emit(g, i, conv, "conv2d", bn));
        AssertClose(bn.forward(conv.forward(x)), y, "conv2d s2 + bn2d");
    }

    [Fact]
    public void Conv2dSamePaddingMatchesTorch()
    {
        manual_seed(5);
        using var conv = nn.Conv2d(4, 3, 3, Padding.Same);
        var x = randn(2, 4, 9, 9);
        using var noGrad = no_grad();
        var y = RunBlock(x, [3, 9, 9], (g, i) => ConvEmitter.Emit(g, i, conv, "conv2d_same"));
        AssertClose(conv.forward(x), y, "conv2d same");
    }

    [Theory]
    [InlineData(16, 7, 8)]
    [InlineData(7, 3, 3)]
    [InlineData(2, 0, 1)]
    public void SamePaddingPutsTheLargerHalfAfter(long kernel, long before, long after) =>
        Assert.Equal((before, after), ConvEmitter.SamePadding(kernel, 1));
}
