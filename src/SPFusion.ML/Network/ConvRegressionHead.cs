using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SPFusion.ML.Network;

/// <summary>
/// The spectrum-only baseline's head: SPFusion's head without the channel attention,
/// <c>Linear C->2 (mean over length (BN(Conv1d C->C k7 "same" (x))))</c>. On C = 32 it adds 7,330 parameters, bringing the
/// baseline to 566,850 (the paper's "0.57 M"). Field names match <see cref="SEHead"/>.
/// </summary>
internal sealed class ConvRegressionHead : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // field names mirror the authors' PyTorch module names
    internal readonly ConvBnSequence conv_blk;
    internal readonly Linear out_linear;
#pragma warning restore IDE1006

    /// <summary>Creates the head.</summary>
    public ConvRegressionHead(long channels, long targets) : base(nameof(ConvRegressionHead))
    {
        conv_blk = new ConvBnSequence(channels, channels, 7, 1, withNorm: true);
        out_linear = nn.Linear(channels, targets);
        RegisterComponents();
    }

    /// <summary>The convolution and its batch norm.</summary>
    public ConvBnSequence ConvBlock => conv_blk;

    /// <summary>The output layer.</summary>
    public Linear Output => out_linear;

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        return out_linear.forward(conv_blk.forward(input).mean([-1])).MoveToOuterDisposeScope();
    }
}
