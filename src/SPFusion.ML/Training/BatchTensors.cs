using SPFusion.ML.Runtime;
using SPFusion.Transforms;
using static TorchSharp.torch;

namespace SPFusion.ML.Training;

/// <summary>Reusable host buffers for one mini-batch, and their transfer to the training device.</summary>
internal sealed class BatchTensors
{
    private readonly float[] _mass, _age;
    private readonly float[]? _spectrum, _photometry;
    private readonly int _capacity;

    /// <summary>Buffers for <paramref name="capacity"/> rows; an input a network does not read gets an empty [n,0] tensor.</summary>
    public BatchTensors(int capacity, bool withPhotometry, bool withSpectrum = true)
    {
        _capacity = capacity;
        _spectrum = withSpectrum ? new float[capacity * SPFusionShapes.SpectrumLength] : null;
        _photometry = withPhotometry ? new float[capacity * SPFusionShapes.PhotometryLength] : null;
        _mass = new float[capacity];
        _age = new float[capacity];
    }

    /// <summary>Reads <paramref name="indices"/> from the cache and returns device tensors (owned by the caller's dispose scope).</summary>
    public (Tensor Photometric, Tensor Spectrum, Tensor Targets) Load(StarRowCache cache, ReadOnlySpan<int> indices, Device device)
    {
        int n = indices.Length;
        cache.ReadBatch(indices, _spectrum, _photometry, _mass, _age);
        var spectrum = _spectrum is null
            ? empty(n, 0, device: device)
            : Slice(tensor(_spectrum, [_capacity, 1, SPFusionShapes.SpectrumLength]), n, device);
        var photometric = _photometry is null
            ? empty(n, 0, device: device)
            : Slice(tensor(_photometry, [_capacity, 3, SPFusionShapes.ImageSize, SPFusionShapes.ImageSize]), n, device);
        var targets = Slice(stack([tensor(_mass), tensor(_age)], dim: 1), n, device);
        return (photometric, spectrum, targets);
    }

    private Tensor Slice(Tensor full, int n, Device device) =>
        (n == _capacity ? full : full.narrow(0, 0, n)).to(device);
}
