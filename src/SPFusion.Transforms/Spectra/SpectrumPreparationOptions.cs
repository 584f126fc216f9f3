namespace SPFusion.Transforms.Spectra;

/// <summary>
/// How a LAMOST spectrum becomes the network's [3584] input. Defaults reproduce the paper and the authors' release
/// (ARCHITECTURE.md "Data preparation"); change them only for experiments, as the published weights expect the defaults.
/// </summary>
public sealed record SpectrumPreparationOptions
{
    /// <summary>Shortest wavelength kept, Angstrom (inclusive). Default 4000.</summary>
    public double MinWavelength { get; init; } = 4000.0;

    /// <summary>Longest wavelength kept, Angstrom (inclusive). Default 9000.</summary>
    public double MaxWavelength { get; init; } = 9000.0;

    /// <summary>Length of the network input after zero padding. Default 3584.</summary>
    public int PaddedLength { get; init; } = SPFusionShapes.SpectrumLength;

    /// <summary>
    /// When true, pixels with IVAR = 0 or a non-zero ORMASK are replaced by linear interpolation between the nearest good
    /// pixels before normalising (ends take the nearest good value). Off by default because the authors did not do it.
    /// </summary>
    public bool BridgeBadPixels { get; init; }
}
