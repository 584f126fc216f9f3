using SPFusion.ML.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SPFusion.ML.Network;

/// <summary>
/// ConvNeXt 1-D block: <c>x + Dropout(pw2(GELU(pw1(LN(dw(x))))))</c> with a depthwise k = 16 "same" convolution and
/// a 4× point-wise expansion. The element-wise dropout is 0.2 in the release, not the model-wide 0.3.
/// Field names are the authors' (<c>conv_d</c>, <c>ln</c>, <c>conv_1</c>, <c>conv_2</c>).
/// </summary>
internal sealed class ConvNeXt1DBlock : nn.Module<Tensor, Tensor>
{
    /// <summary>Depthwise kernel width of the release.</summary>
    public const int DepthwiseKernelSize = 16;

#pragma warning disable IDE1006 // field names mirror the authors' PyTorch module names
    internal readonly SamePadConv1d conv_d;
    internal readonly ChannelLayerNorm ln;
    internal readonly Conv1d conv_1;
    internal readonly GELU gelu;
    internal readonly Conv1d conv_2;
    internal readonly SeededDropout dropout;
#pragma warning restore IDE1006

    /// <summary>Creates a block of <paramref name="channels"/> channels.</summary>
    public ConvNeXt1DBlock(long channels, double dropout) : base(nameof(ConvNeXt1DBlock))
    {
        conv_d = new SamePadConv1d(channels, channels, DepthwiseKernelSize, groups: channels);
        ln = new ChannelLayerNorm(channels);
        conv_1 = nn.Conv1d(channels, 4 * channels, 1);
        gelu = nn.GELU();
        conv_2 = nn.Conv1d(4 * channels, channels, 1);
        this.dropout = new SeededDropout(dropout);
        RegisterComponents();
    }

    /// <summary>The depthwise convolution.</summary>
    public SamePadConv1d DepthwiseConv => conv_d;

    /// <summary>The channel LayerNorm after the depthwise convolution.</summary>
    public ChannelLayerNorm Norm => ln;

    /// <summary>The expanding point-wise convolution (C to 4C).</summary>
    public Conv1d PointwiseExpand => conv_1;

    /// <summary>The contracting point-wise convolution (4C to C).</summary>
    public Conv1d PointwiseContract => conv_2;

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var y = dropout.forward(conv_2.forward(gelu.forward(conv_1.forward(ln.forward(conv_d.forward(input))))));
        return y.Plus(input).MoveToOuterDisposeScope();
    }
}
