namespace SPFusion.Transforms.Datasets;

/// <summary>
/// One star of the authors' dataset as the network consumes it: spectrum normalised and padded to 3584, photometry
/// [3,128,128] band-major with each band normalised, plus its labels (float, as ML.NET columns are).
/// </summary>
/// <param name="ObsId">The star's identifier (see <see cref="StarId"/>).</param>
/// <param name="Spectrum">Normalised, zero-padded flux, length 3584.</param>
/// <param name="Photometry">g, r, i planes of 128 x 128, each min-max normalised; length 49152.</param>
/// <param name="Mass">Mass, solar masses.</param>
/// <param name="Age">Age, Gyr.</param>
/// <param name="Snr">g-band SNR.</param>
/// <param name="TeffK">Effective temperature, K.</param>
/// <param name="Logg">log g, cgs.</param>
/// <param name="FeH">[Fe/H], dex.</param>
internal sealed record AuthorsStar(string ObsId, float[] Spectrum, float[] Photometry, float Mass, float Age, float Snr, float TeffK, float Logg, float FeH);
