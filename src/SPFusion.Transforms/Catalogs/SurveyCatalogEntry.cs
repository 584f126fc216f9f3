namespace SPFusion.Transforms.Catalogs;

/// <summary>One star of a survey catalogue: where its files are and, when known, its labels.</summary>
/// <param name="Line">1-based line in the catalogue file (the header is line 1).</param>
/// <param name="ObsId">LAMOST OBSID (or any unique id).</param>
/// <param name="Ra">Right ascension, degrees.</param>
/// <param name="Dec">Declination, degrees.</param>
/// <param name="SpectrumPath">Absolute path of the LAMOST spectrum.</param>
/// <param name="GPath">Absolute path of the SDSS g frame; empty when a survey catalogue gives none (<see cref="SurveyCatalog.ReadRows"/>).</param>
/// <param name="RPath">Absolute path of the SDSS r frame; empty when a survey catalogue gives none (<see cref="SurveyCatalog.ReadRows"/>).</param>
/// <param name="IPath">Absolute path of the SDSS i frame; empty when a survey catalogue gives none (<see cref="SurveyCatalog.ReadRows"/>).</param>
/// <param name="Mass">Mass label (Msun), if given.</param>
/// <param name="Age">Age label (Gyr), if given.</param>
/// <param name="Snr">g-band SNR, if given (otherwise the spectrum's SNRG is used).</param>
/// <param name="Teff">Effective temperature (K), if given.</param>
/// <param name="Logg">Surface gravity (log cm s^-2), if given.</param>
/// <param name="FeH">Metallicity [Fe/H] (dex), if given.</param>
public sealed record SurveyCatalogEntry(
    int Line, string ObsId, double Ra, double Dec, string SpectrumPath, string GPath, string RPath, string IPath,
    double? Mass, double? Age, double? Snr, double? Teff, double? Logg, double? FeH)
{
    /// <summary>True when the row names all three frames (survey catalogues may leave them empty for stars outside SDSS).</summary>
    public bool HasFrames => GPath.Length > 0 && RPath.Length > 0 && IPath.Length > 0;
}
