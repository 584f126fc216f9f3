using Microsoft.ML.Data;
using SPFusion.ML;
using SPFusion.Transforms;

namespace SPFusion.Examples.QuickStart;

/// <summary>A star after spectrum preparation and band alignment: what the trainer consumes.</summary>
internal sealed class PreparedRow
{
    public string ObsId { get; set; } = "";

    [VectorType(SPFusionShapes.SpectrumLength)]
    public float[] Spectrum { get; set; } = [];

    [VectorType(SPFusionShapes.PhotometryLength)]
    public float[] Photometry { get; set; } = [];

    public float Mass { get; set; }

    public float Age { get; set; }

    /// <summary>The catalogue's g-band SNR; NaN where it has none (then <see cref="HeaderSnr"/> is used).</summary>
    public float Snr { get; set; }

    /// <summary>SNRG from the spectrum's FITS header.</summary>
    public float HeaderSnr { get; set; }
}
