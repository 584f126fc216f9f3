using TorchSharp;
using static TorchSharp.torch;

namespace SPFusion.ML.Training;

/// <summary>
/// Running mean of a network's weights over epochs (stochastic weight averaging, Izmailov et al. 2018): floating-point
/// tensors are averaged, integer ones (batch-norm counters) hold the latest epoch's value. Held on the CPU, like the
/// best-epoch snapshot, and written with each checkpoint so a resumed run averages the same epochs.
/// </summary>
internal sealed class WeightAverage : IDisposable
{
    private readonly Dictionary<string, Tensor> _mean;

    private WeightAverage(Dictionary<string, Tensor> mean, int count)
    {
        _mean = mean;
        Count = count;
    }

    /// <summary>An empty average.</summary>
    public WeightAverage()
        : this([], 0)
    {
    }

    /// <summary>Number of epochs averaged.</summary>
    public int Count { get; private set; }

    /// <summary>The average so far (owned by this object; copied by <c>load_state_dict</c>).</summary>
    public IReadOnlyDictionary<string, Tensor> Weights => _mean;

    /// <summary>An average restored from a checkpoint: takes ownership of <paramref name="mean"/>.</summary>
    public static WeightAverage Restore(Dictionary<string, Tensor> mean, int count) => new(mean, count);

    /// <summary>Adds the network's current weights to the mean.</summary>
    public void Add(nn.Module network)
    {
        Count++;
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        // mean = mean (k - 1) / k + w / k; the scalars live until the loop's native calls return.
        using var keep = ((Count - 1) / (double)Count).ToScalar();
        using var share = (1.0 / Count).ToScalar();
        foreach (var (name, value) in network.state_dict())
        {
            var w = value.detach().cpu();
            if (!_mean.TryGetValue(name, out var mean) || !w.is_floating_point())
            {
                if (mean is not null) mean.Dispose();
                _mean[name] = w.clone().DetachFromDisposeScope();
                continue;
            }
            mean.mul_(keep).add_(w, share);
        }
    }

    public void Dispose()
    {
        foreach (var t in _mean.Values) t.Dispose();
        _mean.Clear();
    }
}
