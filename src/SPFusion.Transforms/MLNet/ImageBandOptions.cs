using SPFusion.Transforms.Images;

namespace SPFusion.Transforms.MLNet;

/// <summary>Options of <c>AlignImageBands</c>; all of them persist in a saved model.</summary>
public sealed record ImageBandOptions
{
    /// <summary>
    /// What happens when the 128 x 128 cut-out leaves the g frame, or a cut-out pixel falls outside the r or i frame.
    /// Default <see cref="CutoutEdgePolicy.Throw"/>: an error naming the star and frame.
    /// <see cref="CutoutEdgePolicy.PadWithBandMedian"/> fills those pixels with the band's median over the valid pixels.
    /// </summary>
    public CutoutEdgePolicy EdgePolicy { get; init; } = CutoutEdgePolicy.Throw;

    /// <summary>Min-max normalise each band to [0,1] (the network's input). False gives raw nanomaggies. Default true.</summary>
    public bool Normalize { get; init; } = true;

    /// <summary>
    /// Memory for decoded frames shared by all rows and pipelines in the process (many stars share a frame).
    /// Default 1 GiB, about 88 SDSS frames (11.6 MiB each).
    /// </summary>
    public long FrameCacheBytes { get; init; } = 1L << 30;
}
