using SPFusion.Transforms.Fits;

namespace SPFusion.Transforms.Images;

/// <summary>
/// Writes a frame in the SDSS DR frame layout that <see cref="SdssFrameReader"/> reads (checked against real
/// frame-*.fits.bz2 files): HDU 0 the float32 image in nanomaggies with the caller's cards (BUNIT, FILTER, the TAN WCS,
/// ...), HDU 1 the calibration vector (nanomaggies per count for each column), bzip2 compressed. The sky (HDU 2) and
/// astrometry (HDU 3) tables of real frames are not written: nothing in the package reads them.
/// </summary>
internal static class SdssFrameWriter
{
    /// <summary>Writes <paramref name="path"/> (.fits.bz2): <paramref name="image"/> is row-major, <paramref name="width"/> x <paramref name="height"/>.</summary>
    public static void Write(string path, IEnumerable<FitsCard> primaryCards, float[] image, int width, int height, float[] calibration)
    {
        if (image.Length != (long)width * height)
            throw new ArgumentException($"{path}: the image holds {image.Length} values, not {width} x {height}", nameof(image));
        if (calibration.Length != width)
            throw new ArgumentException($"{path}: the calibration vector holds {calibration.Length} values, not one per column ({width})", nameof(calibration));
        using var writer = FitsWriter.Create(path, FitsCompression.BZip2);
        writer.WriteImage(image, [width, height], primaryCards);
        writer.WriteImage(calibration, [width]);
    }
}
