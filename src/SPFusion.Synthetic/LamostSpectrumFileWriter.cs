using SPFusion.Transforms.Fits;
using SPFusion.Transforms.Spectra;

namespace SPFusion.Synthetic;

/// <summary>
/// Writes a synthetic star's spectrum as a LAMOST DR10 file: the identification, wavelength-solution and analysis cards
/// of a real DR10 header, filled from the star; the layout itself is <see cref="LamostSpectrumWriter"/>'s.
/// </summary>
internal static class LamostSpectrumFileWriter
{
    private static readonly string[] SnrKeys = ["SNRU", "SNRG", "SNRR", "SNRI", "SNRZ"];

    public static void Write(string path, SyntheticStar star, SyntheticSpectrum spectrum)
    {
        var cards = new List<FitsCard>
        {
            FitsCard.Commentary("COMMENT", "--------FILE INFORMATION"),
            FitsCard.Create("FILENAME", Path.GetFileName(path)),
            FitsCard.Create("OBSID", star.ObsId, "Unique number ID of this spectrum"),
            FitsCard.Create("AUTHOR", "SPFusion synthetic survey", "Who compiled the information"),
            FitsCard.Create("DATA_V", "LAMOST DR10", "Data release version (layout only: synthetic data)"),
            FitsCard.Create("N_EXTEN", 1L, "The amount of extension"),
            FitsCard.Create("ORIGIN", "SPFusion", "Synthetic: not an observation"),
            FitsCard.Commentary("COMMENT", "--------OBSERVATION PARAMETERS"),
            FitsCard.Create("RA", Math.Round(star.Ra, 8), "[deg] Right ascension of object"),
            FitsCard.Create("DEC", Math.Round(star.Dec, 8), "[deg] Declination of object"),
            FitsCard.Create("OBJTYPE", "Star", "Object type from input catalog"),
            FitsCard.Create("RADECSYS", "FK5", "Equatorial coordinate system"),
            FitsCard.Create("EQUINOX", 2000.0, "Equinox in years"),
            FitsCard.Commentary("COMMENT", "--------DATA REDUCTION PARAMETERS"),
            FitsCard.Create("HELIO", true, "Heliocentric correction"),
            FitsCard.Create("VACUUM", true, "Wavelengths are in vacuum"),
            FitsCard.Create("NWORDER", 2L, "Number of linear-log10 coefficients"),
            FitsCard.Create("WFITTYPE", "LOG-LINEAR", "Linear-log10 dispersion"),
            FitsCard.Create("COEFF0", SyntheticSpectrumModel.Coeff0, "Central wavelength (log10) of first pixel"),
            FitsCard.Create("COEFF1", SyntheticSpectrumModel.Coeff1, "Log10 dispersion per pixel"),
            FitsCard.Commentary("COMMENT", "--------SPECTRA ANALYSIS RESULTS"),
            FitsCard.Create("CLASS", "STAR", "Class of object"),
            FitsCard.Create("SUBCLASS", Subclass(star.Labels.Teff), "Subclass of object"),
            FitsCard.Create("Z", Math.Round(spectrum.Redshift, 8), "Redshift of object"),
            FitsCard.Create("Z_ERR", 1e-5, "Redshift error of object"),
        };
        for (int b = 0; b < SnrKeys.Length; b++)
            cards.Add(FitsCard.Create(SnrKeys[b], Math.Round(spectrum.BandSnr[b], 2), $"SNR of {SnrKeys[b][3..].ToLowerInvariant()} filter"));

        LamostSpectrumWriter.WriteDr10(path, cards, spectrum.Flux, spectrum.Ivar, spectrum.Wavelength, spectrum.AndMask, spectrum.OrMask, spectrum.Normalization);
    }

    /// <summary>MK subclass of a giant of this temperature (the LAMOST pipeline's SUBCLASS for red clump stars).</summary>
    public static string Subclass(double teff) => teff switch
    {
        >= 4950 => "G8",
        >= 4850 => "G9",
        >= 4750 => "K0",
        >= 4650 => "K1",
        >= 4550 => "K2",
        _ => "K3",
    };
}
