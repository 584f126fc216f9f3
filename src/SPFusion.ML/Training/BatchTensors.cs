using SPFusion.ML.Runtime;
using static TorchSharp.torch;

namespace SPFusion.ML.Training;

/// <summary>Reusable host buffers for one mini-batch, and their transfer to the training device.</summary>
internal sealed class BatchTensors
{
    private readonly float[] _spectrum, _mass, _age;
    private readonly float[]? _photometry;
    private readonly int _capacity;

    public BatchTensors(int capacity, bool withPhotometry)
    {
        _capacity = capacity;
        _spectrum = new float[capacity * SPFusionColumns.SpectrumLength];
        _photometry = withPhotometry ? new float[capacity * SPFusionColumns.PhotometryLength] : null;
        _mass = new float[capacity];
        _age = new float[capacity];
    }

    /// <summary>Reads <paramref name="indices"/> from the cache and returns device tensors (owned by the caller's dispose scope).</summary>
    public (Tensor Photometric, Tensor Spectrum, Tensor Targets) Load(StarRowCache cache, ReadOnlySpan<int> indices, Device device)
    {
        int n = indices.Length;
        cache.ReadBatch(indices, _spectrum, _photometry, _mass, _age);
        var spectrum = Slice(tensor(_spectrum, [_capacity, 1, SPFusionColumns.SpectrumLength]), n, device);
        var photometric = _photometry is null
            ? empty(n, 0, device: device)
            : Slice(tensor(_photometry, [_capacity, 3, SPFusionColumns.ImageSize, SPFusionColumns.ImageSize]), n, device);
        var targets = Slice(stack([tensor(_mass), tensor(_age)], dim: 1), n, device);
        return (photometric, spectrum, targets);
    }

    private Tensor Slice(Tensor full, int n, Device device) =>
        (n == _capacity ? full : full.narrow(0, 0, n)).to(device);
}

/// <summary>The weighted two-target loss of the authors' recipe: w_mass MSE(mass) + w_age MSE(age).</summary>
internal static class TwoTargetLoss
{
    public static Tensor Compute(Tensor prediction, Tensor targets, double massWeight, double ageWeight)
    {
        var squared = (prediction - targets).Squared().mean([0]); // [2]: per-target MSE
        return squared[0].Times(massWeight).Plus(squared[1].Times(ageWeight));
    }

    /// <summary>Per-target summed absolute and squared errors, for epoch means.</summary>
    public static (double AbsMass, double AbsAge, double SqMass, double SqAge) Sums(Tensor prediction, Tensor targets)
    {
        var diff = prediction - targets;
        var abs = diff.abs().sum([0]).cpu();
        var sq = diff.Squared().sum([0]).cpu();
        return (abs[0].item<float>(), abs[1].item<float>(), sq[0].item<float>(), sq[1].item<float>());
    }
}
