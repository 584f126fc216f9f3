namespace SPFusion.Transforms.Datasets;

/// <summary>One row of the authors' <c>label/label.csv</c> (columns obsid,SNR,teff_K,logg_cm_s2,feh_dex,mass_Msun,age_Gyr).</summary>
/// <param name="ObsId">The star's identifier (LAMOST obsid, Gaia source_id, APOGEE id, ...); names its .npy files (see <see cref="StarId"/>).</param>
/// <param name="Snr">g-band signal-to-noise ratio of the spectrum.</param>
/// <param name="TeffK">Effective temperature, K.</param>
/// <param name="Logg">Surface gravity, log10(cm s^-2).</param>
/// <param name="FeH">Metallicity [Fe/H], dex.</param>
/// <param name="Mass">Mass, solar masses (first regression target).</param>
/// <param name="Age">Age, Gyr (second regression target).</param>
internal sealed record AuthorsLabel(string ObsId, double Snr, double TeffK, double Logg, double FeH, double Mass, double Age)
{
    /// <summary>A row for a star with an integer id (a LAMOST obsid).</summary>
    /// <param name="obsId">LAMOST obsid.</param>
    /// <param name="snr">g-band signal-to-noise ratio of the spectrum.</param>
    /// <param name="teffK">Effective temperature, K.</param>
    /// <param name="logg">Surface gravity, log10(cm s^-2).</param>
    /// <param name="feH">Metallicity [Fe/H], dex.</param>
    /// <param name="mass">Mass, solar masses.</param>
    /// <param name="age">Age, Gyr.</param>
    public AuthorsLabel(long obsId, double snr, double teffK, double logg, double feH, double mass, double age)
        : this(obsId.ToString(System.Globalization.CultureInfo.InvariantCulture), snr, teffK, logg, feH, mass, age)
    {
    }
}
