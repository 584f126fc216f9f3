using TorchSharp;
using static TorchSharp.torch;

namespace SPFusion.ML.Network;

/// <summary>
/// PoolFormer's token mixer: AvgPool1d(kernel 3, stride 1, pad 1) with padding not counted, so the end positions
/// average two values rather than being pulled towards zero. Parameter-free.
/// </summary>
internal sealed class AveragePoolMixer : nn.Module<Tensor, Tensor>
{
    /// <summary>Creates the mixer.</summary>
    public AveragePoolMixer() : base(nameof(AveragePoolMixer)) => RegisterComponents();

    /// <inheritdoc/>
    public override Tensor forward(Tensor input) =>
        nn.functional.avg_pool1d(input, 3, 1, 1, ceil_mode: false, count_include_pad: false);
}
