using TorchSharp;
using static TorchSharp.torch;

namespace SPFusion.ML.Network;

/// <summary>
/// Base of the layers that zero parts of their input at random in training and scale the rest by 1/(1-p) (dropout,
/// drop-path); identity in evaluation. The trainer hands every such layer its own generator
/// (<see cref="StarNetwork.UseRandomSource"/>) so a run's random stream cannot be consumed by other work in the process;
/// without one the layer uses libtorch's process-wide default generator, as TorchSharp's own layers do.
/// </summary>
internal abstract class RandomDropLayer : nn.Module<Tensor, Tensor>
{
    /// <summary>Creates the layer; <paramref name="probability"/> must lie in [0, 1).</summary>
    protected RandomDropLayer(string name, double probability) : base(name)
    {
        if (!(probability >= 0 && probability < 1))
            throw new ArgumentOutOfRangeException(nameof(probability), probability, $"{name} probability must lie in [0, 1)");
        Probability = probability;
    }

    /// <summary>Chance that an element (dropout) or a whole sample (drop-path) is zeroed in training.</summary>
    public double Probability { get; }

    /// <summary>Generator for the training-time draws; null means libtorch's default generator.</summary>
    public Generator? Random { get; set; }

    /// <inheritdoc/>
    public sealed override Tensor forward(Tensor input)
    {
        if (!training || Probability == 0) return input.alias();
        return Drop(input, 1 - Probability);
    }

    /// <summary>The training-mode output: the input masked at random, survivors divided by <paramref name="keep"/>.</summary>
    protected abstract Tensor Drop(Tensor input, double keep);
}
