using SPFusion.ML.Network;

namespace SPFusion.ML.Onnx.Export;

/// <summary>
/// One Monte Carlo dropout pass's masks, one per dropout or drop-path layer of nonzero rate, for
/// <see cref="OnnxGraphBuilder.Drop"/>. It records which layers the emitters applied, so a layer an emitter forgot to
/// route through <see cref="OnnxGraphBuilder.Drop"/> is found rather than silently left out of the passes.
/// </summary>
internal sealed class DropoutPass
{
    private readonly Dictionary<RandomDropLayer, DropoutMask> _masks = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<RandomDropLayer> _used = new(ReferenceEqualityComparer.Instance);

    /// <summary>Pass <paramref name="index"/> with the given masks.</summary>
    public DropoutPass(int index, IEnumerable<(RandomDropLayer Layer, DropoutMask Mask)> masks)
    {
        ArgumentNullException.ThrowIfNull(masks);
        Index = index;
        foreach (var (layer, mask) in masks) _masks.Add(layer, mask);
    }

    /// <summary>The pass's index, 0-based.</summary>
    public int Index { get; }

    /// <summary>The masks by layer.</summary>
    public IReadOnlyDictionary<RandomDropLayer, DropoutMask> Masks => _masks;

    /// <summary>The layers that have a mask but were never applied.</summary>
    public IEnumerable<RandomDropLayer> Unused => _masks.Keys.Where(l => !_used.Contains(l));

    /// <summary>The mask of <paramref name="layer"/>, marking it applied; false when the layer has none (rate 0).</summary>
    public bool TryUse(RandomDropLayer layer, out DropoutMask mask)
    {
        if (!_masks.TryGetValue(layer, out mask!)) return false;
        if (!_used.Add(layer)) throw new InvalidOperationException($"dropout layer applied twice in pass {Index}; each layer has one mask per pass");
        return true;
    }
}
