namespace SPFusion.ML.Network;

/// <summary>Which network <see cref="NetworkFactory"/> builds.</summary>
public enum NetworkVariant
{
    /// <summary>The two-modality SPFusion network (the paper's model).</summary>
    SPFusion,

    /// <summary>The spectrum-only ConvNeXt 1D baseline of the paper's comparison table.</summary>
    ConvNeXt1D,
}
