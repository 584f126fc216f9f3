namespace SPFusion.Synthetic;

/// <summary>One rendered LAMOST-like spectrum: the six COADD columns plus the header quantities derived from them.</summary>
internal sealed class SyntheticSpectrum
{
    public required float[] Wavelength { get; init; }

    public required float[] Flux { get; init; }

    public required float[] Ivar { get; init; }

    public required float[] AndMask { get; init; }

    public required float[] OrMask { get; init; }

    public required float[] Normalization { get; init; }

    /// <summary>Median noiseless SNR per pixel in the u, g, r, i, z windows (SNRU..SNRZ cards).</summary>
    public required double[] BandSnr { get; init; }

    /// <summary>Redshift (Z card).</summary>
    public required double Redshift { get; init; }
}
