using Microsoft.ML.Data;
using SPFusion.Transforms.Datasets;
using SPFusion.Transforms.Spectra;

namespace SPFusion.Transforms.MLNet;

/// <summary>A star of the authors' dataset layout as an ML.NET row, normalised and padded as their loader does.</summary>
public sealed class AuthorsDatasetRow
{
    /// <summary>The star's identifier (LAMOST obsid, Gaia source_id, APOGEE id, ...), as label.csv gives it.</summary>
    public string ObsId { get; set; } = "";

    /// <summary>Spectrum: 3,584 samples in [0,1].</summary>
    [VectorType(SPFusionShapes.SpectrumLength)]
    public float[] Spectrum { get; set; } = [];

    /// <summary>g, r, i cut-outs, each band min-max normalised, 3 x 128 x 128.</summary>
    [VectorType(SPFusionShapes.Bands * SPFusionShapes.ImageSize * SPFusionShapes.ImageSize)]
    public float[] Photometry { get; set; } = [];

    /// <summary>Mass (Msun).</summary>
    public float Mass { get; set; }

    /// <summary>Age (Gyr).</summary>
    public float Age { get; set; }

    /// <summary>g-band SNR.</summary>
    public float Snr { get; set; }

    /// <summary>Effective temperature (K).</summary>
    public float Teff { get; set; }

    /// <summary>Surface gravity (log cm s^-2).</summary>
    public float Logg { get; set; }

    /// <summary>[Fe/H] (dex).</summary>
    public float FeH { get; set; }
}
