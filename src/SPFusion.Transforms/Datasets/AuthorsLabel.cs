namespace SPFusion.Transforms.Datasets;

/// <summary>One row of the authors' <c>label/label.csv</c> (columns obsid,SNR,teff_K,logg_cm_s2,feh_dex,mass_Msun,age_Gyr).</summary>
/// <param name="ObsId">LAMOST OBSID; names the star's .npy files.</param>
/// <param name="Snr">g-band signal-to-noise ratio of the spectrum.</param>
/// <param name="TeffK">Effective temperature, K.</param>
/// <param name="Logg">Surface gravity, log10(cm s^-2).</param>
/// <param name="FeH">Metallicity [Fe/H], dex.</param>
/// <param name="Mass">Mass, solar masses (first regression target).</param>
/// <param name="Age">Age, Gyr (second regression target).</param>
internal sealed record AuthorsLabel(long ObsId, double Snr, double TeffK, double Logg, double FeH, double Mass, double Age);
