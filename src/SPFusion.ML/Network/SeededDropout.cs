using TorchSharp;
using static TorchSharp.torch;

namespace SPFusion.ML.Network;

/// <summary>
/// Element-wise dropout that can draw from a given generator (<see cref="RandomDropLayer.Random"/>). It computes what
/// libtorch's CPU dropout computes (a Bernoulli(1-p) mask divided by 1-p, times the input), so with the default
/// generator it matches <c>nn.Dropout</c> draw for draw.
/// </summary>
internal sealed class SeededDropout : RandomDropLayer
{
    /// <summary>Creates the layer; <paramref name="probability"/> must lie in [0, 1).</summary>
    public SeededDropout(double probability) : base(nameof(SeededDropout), probability)
    {
        RegisterComponents();
    }

    /// <summary>One Bernoulli draw per element of a star's input: [1, the input's shape after the batch].</summary>
    internal override long[] PassMaskShape(long[] inputShape) => [1, .. inputShape.AsSpan(1)];

    /// <inheritdoc/>
    protected override Tensor Drop(Tensor input, double keep)
    {
        using var noise = empty_like(input);
        noise.bernoulli_(keep, Random);
        using var scale = keep.ToScalar();
        noise.div_(scale);
        return input * noise;
    }
}
