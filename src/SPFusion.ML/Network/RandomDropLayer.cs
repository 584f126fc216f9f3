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

    /// <summary>
    /// When true, each forward records its input's shape in <see cref="LastInputShape"/>: Monte Carlo dropout's export
    /// runs one star through the network to learn the shape of every mask it must store.
    /// </summary>
    internal bool RecordInputShape { get; set; }

    /// <summary>The shape of the last input seen while <see cref="RecordInputShape"/> was true; null before.</summary>
    internal long[]? LastInputShape { get; private set; }

    /// <summary>
    /// A fixed mask (already divided by the keep probability) multiplied into every input, in training and evaluation
    /// alike; null (the default) for the usual behaviour. It lets the TorchSharp network reproduce one pass of a Monte
    /// Carlo dropout graph, whose masks are constants.
    /// </summary>
    internal Tensor? FixedMask { get; set; }

    /// <inheritdoc/>
    public sealed override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (RecordInputShape) LastInputShape = input.shape;
        if (FixedMask is { } mask) return input * mask;
        if (!training || Probability == 0) return input.alias();
        return Drop(input, 1 - Probability);
    }

    /// <summary>
    /// Draws one pass's keep mask (1 kept, 0 dropped, not yet divided by the keep probability) for an input of shape
    /// <paramref name="inputShape"/>, with a batch dimension of 1 so the graph broadcasts it over every star.
    /// </summary>
    internal Tensor SampleKeepMask(long[] inputShape, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        var mask = zeros(PassMaskShape(inputShape), ScalarType.Float32);
        mask.bernoulli_(1 - Probability, generator);
        return mask;
    }

    /// <summary>The shape of one pass's mask for an input of shape <paramref name="inputShape"/>, batch dimension 1.</summary>
    internal abstract long[] PassMaskShape(long[] inputShape);

    /// <summary>The training-mode output: the input masked at random, survivors divided by <paramref name="keep"/>.</summary>
    protected abstract Tensor Drop(Tensor input, double keep);
}
