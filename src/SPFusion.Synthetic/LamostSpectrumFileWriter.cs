using SPFusion.Transforms.Fits;

namespace SPFusion.Synthetic;

/// <summary>
/// Writes a spectrum in the LAMOST DR10 file layout (checked against the real DR10 files): a primary HDU without data
/// carrying the identification, wavelength-solution and analysis cards, then a one-row BINTABLE 'COADD' with FLUX, IVAR,
/// WAVELENGTH, ANDMASK, ORMASK and NORMALIZATION as nE vectors and no TUNIT cards, gzip compressed.
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

        int n = spectrum.Flux.Length;
        var columns = new[]
        {
            FitsTableColumnData.Float32("FLUX", spectrum.Flux, n),
            FitsTableColumnData.Float32("IVAR", spectrum.Ivar, n),
            FitsTableColumnData.Float32("WAVELENGTH", spectrum.Wavelength, n),
            FitsTableColumnData.Float32("ANDMASK", spectrum.AndMask, n),
            FitsTableColumnData.Float32("ORMASK", spectrum.OrMask, n),
            FitsTableColumnData.Float32("NORMALIZATION", spectrum.Normalization, n),
        };
        using var writer = FitsWriter.Create(path, FitsCompression.Gzip);
        writer.WriteEmptyPrimary(cards);
        writer.WriteBinaryTable(columns, extName: "COADD");
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
