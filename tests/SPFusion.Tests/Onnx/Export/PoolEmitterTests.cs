using SPFusion.ML.Onnx.Export;
using TorchSharp;
using static SPFusion.Tests.Onnx.Export.OnnxTestSupport;
using static TorchSharp.torch;

namespace SPFusion.Tests.Onnx.Export;

public sealed class PoolEmitterTests
{
    [Fact]
    public void AveragePoolWithoutPaddedCountMatchesTorch()
    {
        manual_seed(20);
        using var pool = nn.AvgPool1d(3, 1, 1, count_include_pad: false);
        var x = randn(2, 4, 10);
        var y = RunBlock(x, [4, 10], (g, i) => PoolEmitter.AvgPool1d(g, i, pool, "avg"));
        AssertClose(pool.forward(x), y, "avgpool k3 s1 p1 count_include_pad=false");
    }

    [Fact]
    public void MaxPool2dMatchesTorch()
    {
        manual_seed(21);
        using var pool = nn.MaxPool2d(3, 2, 1);
        var x = randn(2, 3, 12, 12);
        var y = RunBlock(x, [3, 6, 6], (g, i) => PoolEmitter.MaxPool2d(g, i, pool, "maxpool"));
        AssertClose(pool.forward(x), y, "maxpool 3x3 s2 p1");
    }
}
