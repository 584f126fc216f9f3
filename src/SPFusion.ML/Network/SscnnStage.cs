using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SPFusion.ML.Network;

/// <summary>
/// One SSCNN stage (BASELINES.md): Conv1d in->out k16 "same" -> ReLU -> Conv1d out->out k16 "same" -> ReLU ->
/// MaxPool1d(4). Convolutions with bias; the even kernel pads 7 before and 8 after, as PyTorch's "same" does.
/// </summary>
internal sealed class SscnnStage : nn.Module<Tensor, Tensor>
{
    /// <summary>Kernel width of every SSCNN convolution.</summary>
    public const int KernelSize = 16;

    /// <summary>Length reduction of the pool at the end of the stage.</summary>
    public const int PoolSize = 4;

#pragma warning disable IDE1006 // field names mirror the PyTorch module names
    internal readonly SamePadConv1d conv1;
    internal readonly ReLU act1;
    internal readonly SamePadConv1d conv2;
    internal readonly ReLU act2;
    internal readonly MaxPool1d pool;
#pragma warning restore IDE1006

    /// <summary>Creates a stage from <paramref name="inChannels"/> to <paramref name="outChannels"/> channels.</summary>
    public SscnnStage(long inChannels, long outChannels) : base(nameof(SscnnStage))
    {
        conv1 = new SamePadConv1d(inChannels, outChannels, KernelSize);
        act1 = nn.ReLU();
        conv2 = new SamePadConv1d(outChannels, outChannels, KernelSize);
        act2 = nn.ReLU();
        pool = nn.MaxPool1d(PoolSize, stride: PoolSize);
        RegisterComponents();
    }

    /// <summary>The two convolutions in order.</summary>
    public IReadOnlyList<SamePadConv1d> Convolutions => [conv1, conv2];

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = act2.forward(conv2.forward(act1.forward(conv1.forward(input))));
        return pool.forward(x).MoveToOuterDisposeScope();
    }
}
