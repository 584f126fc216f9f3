using SPFusion.ML.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SPFusion.ML.Network;

/// <summary>
/// RAC-Net's residual attention block (BASELINES.md): main path Conv k3 -> ReLU -> BN -> Conv k3 -> ReLU -> BN ->
/// Conv k3 -> ReLU -> <see cref="RacAttention"/>, shortcut Conv k1, output ReLU(main + shortcut). Every convolution
/// has a bias and keeps the length (k3 pads one each side). The norms follow the ReLUs, so they cannot be folded into
/// the convolution before them.
/// </summary>
internal sealed class RacBlock : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // field names mirror the PyTorch module names
    internal readonly Conv1d conv1;
    internal readonly ReLU act1;
    internal readonly KeptScalarBatchNorm bn1;
    internal readonly Conv1d conv2;
    internal readonly ReLU act2;
    internal readonly KeptScalarBatchNorm bn2;
    internal readonly Conv1d conv3;
    internal readonly ReLU act3;
    internal readonly RacAttention attention;
    internal readonly Conv1d residual_conv;
    internal readonly ReLU residual_relu;
#pragma warning restore IDE1006

    /// <summary>Creates a block from <paramref name="inChannels"/> to <paramref name="outChannels"/> channels.</summary>
    public RacBlock(long inChannels, long outChannels) : base(nameof(RacBlock))
    {
        conv1 = nn.Conv1d(inChannels, outChannels, 3, padding: 1);
        act1 = nn.ReLU();
        bn1 = new KeptScalarBatchNorm(outChannels, 1);
        conv2 = nn.Conv1d(outChannels, outChannels, 3, padding: 1);
        act2 = nn.ReLU();
        bn2 = new KeptScalarBatchNorm(outChannels, 1);
        conv3 = nn.Conv1d(outChannels, outChannels, 3, padding: 1);
        act3 = nn.ReLU();
        attention = new RacAttention(outChannels);
        residual_conv = nn.Conv1d(inChannels, outChannels, 1);
        residual_relu = nn.ReLU();
        RegisterComponents();
    }

    /// <summary>The main path's (convolution, batch norm after its ReLU) pairs; the third convolution has no norm.</summary>
    public IReadOnlyList<(Conv1d Conv, KeptScalarBatchNorm? Norm)> MainPath => [(conv1, bn1), (conv2, bn2), (conv3, null)];

    /// <summary>The attention unit at the end of the main path.</summary>
    public RacAttention Attention => attention;

    /// <summary>The k1 shortcut convolution.</summary>
    public Conv1d Shortcut => residual_conv;

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = bn1.forward(act1.forward(conv1.forward(input)));
        x = bn2.forward(act2.forward(conv2.forward(x)));
        x = attention.forward(act3.forward(conv3.forward(x)));
        return residual_relu.forward(x.Plus(residual_conv.forward(input))).MoveToOuterDisposeScope();
    }
}
