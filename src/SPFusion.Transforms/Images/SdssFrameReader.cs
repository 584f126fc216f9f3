using SPFusion.Transforms.Fits;
using SPFusion.Transforms.Wcs;

namespace SPFusion.Transforms.Images;

/// <summary>
/// Reads SDSS <c>frame-[band]-RRRRRR-C-FFFF.fits[.bz2]</c> files: HDU 0 is the calibrated image in nanomaggies with a
/// TAN WCS. The calibration, sky and astrometry extensions are not needed because HDU 0 is already calibrated, but a
/// compressed frame is still read to its end: bzip2 and gzip check their CRCs block by block and at the end of the
/// stream, so damage anywhere in the file is reported instead of passing unnoticed.
/// </summary>
public static class SdssFrameReader
{
    /// <summary>Reads and decodes one frame.</summary>
    /// <exception cref="InvalidDataException">HDU 0 is not a 2-D image or its WCS is not TAN, or the compressed stream is
    /// damaged anywhere (a <see cref="FitsFormatException"/> when the damage shows in the FITS structure); the message names the file.</exception>
    public static SdssFrame Read(string path)
    {
        using var file = FitsFile.Open(path);
        var primary = file.Primary;
        var axes = primary.Axes;
        if (axes.Count != 2 || axes[0] <= 0 || axes[1] <= 0)
            throw new InvalidDataException($"{path}: HDU 0 is not a 2-D image (NAXIS = {axes.Count}); not an SDSS frame");
        var wcs = TanWcs.FromHeader(primary.Header, $"{path} HDU 0");
        string band = primary.Header.GetString("FILTER")?.Trim() ?? "";
        float[] pixels = primary.ReadFloat32();
        if (file.Compression != FitsCompression.None) _ = file.Hdus;
        return new SdssFrame(path, band, checked((int)axes[0]), checked((int)axes[1]), pixels, wcs);
    }
}
