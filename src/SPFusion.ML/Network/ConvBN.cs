using TorchSharp;
using static TorchSharp.torch;

namespace SPFusion.ML.Network;

/// <summary>
/// The star fusion's convolution unit (the release's <c>ConvBN</c>): its only child, <c>block</c>, holds the
/// convolution and the optional batch norm, which gives the authors' parameter paths such as
/// <c>star_fusion.photo_branch.0.block.1.running_mean</c>.
/// </summary>
internal sealed class ConvBN : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // field names mirror the authors' PyTorch module names
    internal readonly ConvBnSequence block;
#pragma warning restore IDE1006

    /// <summary>Creates the unit.</summary>
    public ConvBN(long inChannels, long outChannels, long kernelSize, long groups, bool withNorm) : base(nameof(ConvBN))
    {
        block = new ConvBnSequence(inChannels, outChannels, kernelSize, groups, withNorm);
        RegisterComponents();
    }

    /// <summary>The convolution and its optional batch norm.</summary>
    public ConvBnSequence Block => block;

    /// <inheritdoc/>
    public override Tensor forward(Tensor input) => block.forward(input);
}
