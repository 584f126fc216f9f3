using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SPFusion.ML.Network;

/// <summary>
/// RAC-Net's attention unit (BASELINES.md): y = Conv1d C->C k1 (x); a per-channel gate
/// g = Sigmoid(Conv1d 2C->C k1 (concat(max over length of y, mean over length of y))) of shape [N,C,1]; output y · g.
/// The group's code calls it spatial attention; it gates channels.
/// </summary>
internal sealed class RacAttention : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // field names mirror the PyTorch module names
    internal readonly Conv1d conv;
    internal readonly Conv1d gate;
#pragma warning restore IDE1006

    /// <summary>Creates the unit on <paramref name="channels"/> channels.</summary>
    public RacAttention(long channels) : base(nameof(RacAttention))
    {
        conv = nn.Conv1d(channels, channels, 1);
        gate = nn.Conv1d(2 * channels, channels, 1);
        RegisterComponents();
    }

    /// <summary>The point-wise convolution whose output is gated.</summary>
    public Conv1d Conv => conv;

    /// <summary>The point-wise convolution from the pooled statistics (max, then mean) to the gate.</summary>
    public Conv1d Gate => gate;

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var y = conv.forward(input);
        var pooled = cat([y.amax([2], keepdim: true), y.mean([2], keepdim: true)], 1);
        var g = gate.forward(pooled).sigmoid();
        return (y * g).MoveToOuterDisposeScope();
    }
}
