namespace SPFusion.Transforms.Spectra;

/// <summary>
/// One LAMOST low-resolution spectrum as stored in the survey file, with the header facts the pipeline and labels need.
/// Arrays are the file's own samples, uncropped, so preparation choices stay visible and repeatable.
/// </summary>
public sealed class LamostSpectrum
{
    /// <summary>Vacuum wavelength in Angstrom per sample (float32 in the file, widened).</summary>
    public required double[] Wavelength { get; init; }

    /// <summary>Calibrated flux per sample.</summary>
    public required float[] Flux { get; init; }

    /// <summary>Inverse variance of the flux; 0 marks a pixel the pipeline gave up on.</summary>
    public required float[] Ivar { get; init; }

    /// <summary>Bits set in every exposure (LAMOST pixel mask).</summary>
    public required int[] AndMask { get; init; }

    /// <summary>Bits set in any exposure; non-zero marks a doubtful pixel.</summary>
    public required int[] OrMask { get; init; }

    /// <summary>LAMOST OBSID, the key of the authors' label table.</summary>
    public long ObsId { get; init; }

    /// <summary>Right ascension in degrees (header RA), NaN when absent.</summary>
    public double Ra { get; init; } = double.NaN;

    /// <summary>Declination in degrees (header DEC), NaN when absent.</summary>
    public double Dec { get; init; } = double.NaN;

    /// <summary>g-band signal-to-noise ratio (header SNRG), the SNR the authors' labels carry; NaN when absent.</summary>
    public double SnrG { get; init; } = double.NaN;

    /// <summary>Redshift (header Z), NaN when absent.</summary>
    public double Z { get; init; } = double.NaN;

    /// <summary>Pipeline class (header CLASS, e.g. STAR), empty when absent.</summary>
    public string Class { get; init; } = "";

    /// <summary>The file the spectrum came from, for error messages.</summary>
    public string SourcePath { get; init; } = "";

    /// <summary>Number of samples.</summary>
    public int Length => Flux.Length;

    /// <summary>The FITS reader's warnings about the file (e.g. a short last block), each naming it; empty for a clean file.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
