using SPFusion.ML.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace SPFusion.ML.Network;

/// <summary>
/// Element-wise dropout that can draw from a given generator (<see cref="IRandomLayer"/>). It computes what libtorch's
/// CPU dropout computes (a Bernoulli(1-p) mask divided by 1-p times the input), so with the default generator it
/// matches <c>nn.Dropout</c> draw for draw; identity in evaluation.
/// </summary>
public sealed class SeededDropout : nn.Module<Tensor, Tensor>, IRandomLayer
{
    /// <summary>Creates the layer; <paramref name="probability"/> must lie in [0, 1).</summary>
    public SeededDropout(double probability) : base(nameof(SeededDropout))
    {
        if (!(probability >= 0 && probability < 1))
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "dropout probability must lie in [0, 1)");
        Probability = probability;
        RegisterComponents();
    }

    /// <summary>Chance that an element is zeroed in training.</summary>
    public double Probability { get; }

    /// <inheritdoc/>
    public Generator? Random { get; set; }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        if (!training || Probability == 0) return input.alias();
        double keep = 1 - Probability;
        using var noise = empty_like(input);
        noise.bernoulli_(keep, Random);
        using var scale = keep.ToScalar();
        noise.div_(scale);
        return input * noise;
    }
}
