using SPFusion.Transforms.Fits;

namespace SPFusion.Transforms.Spectra;

/// <summary>
/// Writes a spectrum in the LAMOST DR10 file layout that <see cref="LamostSpectrumReader"/> reads (checked against the
/// real DR10 files): a primary HDU without data carrying the caller's cards (identification, wavelength solution,
/// analysis), then a one-row BINTABLE 'COADD' with FLUX, IVAR, WAVELENGTH, ANDMASK, ORMASK and NORMALIZATION as nE
/// vectors and no TUNIT cards, gzip compressed.
/// </summary>
internal static class LamostSpectrumWriter
{
    /// <summary>Writes <paramref name="path"/> (.fits.gz); every array holds one value per pixel.</summary>
    public static void WriteDr10(string path, IEnumerable<FitsCard> primaryCards, float[] flux, float[] ivar, float[] wavelength,
        float[] andMask, float[] orMask, float[] normalization)
    {
        int n = flux.Length;
        foreach (var (name, values) in new[] { ("IVAR", ivar), ("WAVELENGTH", wavelength), ("ANDMASK", andMask), ("ORMASK", orMask), ("NORMALIZATION", normalization) })
        {
            if (values.Length != n)
                throw new ArgumentException($"{path}: {name} holds {values.Length} values and FLUX {n}", nameof(flux));
        }

        var columns = new[]
        {
            FitsTableColumnData.Float32("FLUX", flux, n),
            FitsTableColumnData.Float32("IVAR", ivar, n),
            FitsTableColumnData.Float32("WAVELENGTH", wavelength, n),
            FitsTableColumnData.Float32("ANDMASK", andMask, n),
            FitsTableColumnData.Float32("ORMASK", orMask, n),
            FitsTableColumnData.Float32("NORMALIZATION", normalization, n),
        };
        using var writer = FitsWriter.Create(path, FitsCompression.Gzip);
        writer.WriteEmptyPrimary(primaryCards);
        writer.WriteBinaryTable(columns, extName: "COADD");
    }
}
