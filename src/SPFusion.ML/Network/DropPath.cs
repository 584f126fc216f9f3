using SPFusion.ML.Runtime;
using static TorchSharp.torch;

namespace SPFusion.ML.Network;

/// <summary>
/// Stochastic depth: in training, zeroes a whole sample's tensor with probability p and scales the survivors by
/// 1/(1-p) so the expectation is unchanged; identity in evaluation. The fusion output and the attention map use it.
/// </summary>
internal sealed class DropPath : RandomDropLayer
{
    /// <summary>Creates the layer; <paramref name="probability"/> must lie in [0, 1).</summary>
    public DropPath(double probability) : base(nameof(DropPath), probability)
    {
        RegisterComponents();
    }

    /// <summary>One Bernoulli draw for a star's whole tensor: all ones, of the input's rank.</summary>
    internal override long[] PassMaskShape(long[] inputShape)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        return Enumerable.Repeat(1L, inputShape.Length).ToArray();
    }

    /// <inheritdoc/>
    protected override Tensor Drop(Tensor input, double keep)
    {
        var maskShape = new long[input.dim()];
        maskShape[0] = input.shape[0];
        for (int i = 1; i < maskShape.Length; i++) maskShape[i] = 1;
        using var random = rand(maskShape, dtype: input.dtype, device: input.device, generator: Random);
        using var mask = random.Plus(keep).floor_();
        using var scaled = input.DividedBy(keep);
        return scaled * mask;
    }
}
