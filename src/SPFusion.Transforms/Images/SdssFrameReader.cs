using SPFusion.Transforms.Fits;
using SPFusion.Transforms.Wcs;

namespace SPFusion.Transforms.Images;

/// <summary>
/// Reads SDSS <c>frame-[band]-RRRRRR-C-FFFF.fits[.bz2]</c> files: HDU 0 is the calibrated image in nanomaggies with a
/// TAN WCS. The calibration, sky and astrometry extensions are not needed because HDU 0 is already calibrated, but a
/// compressed frame is still read to its end by <see cref="Read"/>: bzip2 and gzip check their CRCs block by block and at
/// the end of the stream, so damage anywhere in the file is reported instead of passing unnoticed.
/// <see cref="ReadAround"/> trades that whole-file check for speed when a frame serves few stars.
/// </summary>
public static class SdssFrameReader
{
    /// <summary>Reads and decodes one frame.</summary>
    /// <exception cref="InvalidDataException">HDU 0 is not a 2-D image or its WCS is not TAN, or the compressed stream is
    /// damaged anywhere (a <see cref="FitsFormatException"/> when the damage shows in the FITS structure); the message names the file.</exception>
    public static SdssFrame Read(string path) => ReadWhole(path, blockDecoder: true);

    /// <summary>As <see cref="Read(string)"/>; <paramref name="blockDecoder"/> false decodes bzip2 with SharpZipLib
    /// (one thread, the whole stream), the benchmark's reference.</summary>
    internal static SdssFrame ReadWhole(string path, bool blockDecoder)
    {
        using var file = FitsFile.OpenWith(path, blockDecoder);
        var (primary, width, height, wcs, band) = Describe(file, path);
        return ReadWhole(file, primary, path, band, width, height, wcs);
    }

    /// <summary>
    /// Reads only the rows of a frame that the <paramref name="cutoutSize"/>-pixel cut-outs of the stars at
    /// <paramref name="positions"/> (RA, Dec in degrees) can touch, whichever band the frame is: one contiguous window from
    /// the lowest to the highest star row of this frame's own WCS, widened by half the cut-out plus a margin of
    /// max(8, <paramref name="cutoutSize"/> / 8) rows (16 for 128), and clipped to the frame.
    /// The margin covers the g cut-out's square mapped onto the r and i grids (<see cref="StarCutoutBuilder"/> samples r and i
    /// at the g pixel centres, two rows per bilinear sample) for band-to-band rotations of up to about 10 degrees; SDSS's
    /// bands of one field differ by far less. Stars this frame cannot project are left out (the cut-out builder reports them).
    /// The returned frame keeps the whole frame's <see cref="SdssFrame.Width"/>, <see cref="SdssFrame.Height"/> and WCS,
    /// so a star near an edge is refused exactly as with <see cref="Read"/>, and holds rows
    /// <see cref="SdssFrame.FirstRow"/> .. + <see cref="SdssFrame.RowCount"/> - 1 only.
    /// </summary>
    /// <remarks>
    /// <para>What is decoded: a plain <c>.fits</c> file is read by seeking to the window's rows. A bzip2 file (one stream,
    /// as SDSS distributes frames) is indexed by scanning for its block magics. bzip2 does not record a block's
    /// decompressed offset, so besides the blocks holding the header and the window, either every block before the window
    /// is decoded, or, for a window nearer the end of the image, every block after it: the FITS layout then places the
    /// decoded end in the file (HDU 1's header follows HDU 0's padded data, and the extensions end with the file), and
    /// when it cannot (no extension, a layout that does not fit, blocks that fail or do not chain) the blocks before the
    /// window are decoded instead. Blocks are decoded in parallel; while the header is read, one block per core is
    /// started. Each decoded block's CRC is checked, but the stream's combined CRC needs every block and is not checked,
    /// so damage in blocks not decoded passes unnoticed (use <see cref="Read"/> for the whole-file check). A gzip file, a bzip2 file whose blocks cannot be indexed
    /// (truncated, several concatenated streams) and an image stored other than as unscaled float32 are decoded whole:
    /// the result is then the whole frame (<see cref="SdssFrame.FirstRow"/> 0), with the whole-file checks of <see cref="Read"/>.</para>
    /// <para>For a frame that serves many stars spread over it, the window approaches the whole frame; <see cref="Read"/>
    /// (through a <see cref="FrameCache"/>) is then as fast and checks more.</para>
    /// </remarks>
    /// <exception cref="InvalidDataException">As for <see cref="Read"/>, for damage in the parts decoded; the message names the file.</exception>
    public static SdssFrame ReadAround(string path, IReadOnlyList<(double Ra, double Dec)> positions, int cutoutSize = 128)
    {
        ArgumentNullException.ThrowIfNull(positions);
        ArgumentOutOfRangeException.ThrowIfLessThan(cutoutSize, 2);
        using var file = FitsFile.Open(path);
        var (primary, width, height, wcs, band) = Describe(file, path);
        bool partial = (file.Compression == FitsCompression.None || file.IsBlockIndexed)
            && primary.Bitpix == -32 && primary.BScale == 1.0 && primary.BZero == 0.0;
        if (!partial)
            return ReadWhole(file, primary, path, band, width, height, wcs);
        var (first, count) = RowWindow(wcs, height, positions, cutoutSize);
        var pixels = new float[(long)count * width];
        if (count > 0)
        {
            var bytes = new byte[pixels.LongLength * sizeof(float)];
            file.ReadDataRange(primary, (long)first * width * sizeof(float), bytes);
            FitsBigEndian.ToFloat32(bytes, pixels);
        }

        return new SdssFrame(path, band, width, height, first, count, pixels, wcs);
    }

    /// <summary>Rows of the window <see cref="ReadAround"/> reads, for the stars this WCS can project; (0, 0) when none.</summary>
    internal static (int First, int Count) RowWindow(TanWcs wcs, int height, IReadOnlyList<(double Ra, double Dec)> positions, int cutoutSize)
    {
        double reach = (cutoutSize / 2.0) + Math.Max(8, cutoutSize / 8);
        double low = double.PositiveInfinity, high = double.NegativeInfinity;
        foreach (var (ra, dec) in positions)
        {
            if (!double.IsFinite(ra) || !double.IsFinite(dec)) continue;
            double y;
            try
            {
                y = wcs.WorldToPixel(ra, dec).Y;
            }
            catch (ArgumentOutOfRangeException)
            {
                continue;
            }

            if (!double.IsFinite(y)) continue;
            low = Math.Min(low, y - reach);
            high = Math.Max(high, y + reach);
        }

        if (!(high >= low)) return (0, 0);
        int first = (int)Math.Max(0, Math.Floor(Math.Max(low, -1)));
        int last = (int)Math.Min(height - 1, Math.Ceiling(Math.Min(high, height)));
        return last < first ? (0, 0) : (first, last - first + 1);
    }

    private static (ImageHdu Primary, int Width, int Height, TanWcs Wcs, string Band) Describe(FitsFile file, string path)
    {
        var primary = file.Primary;
        var axes = primary.Axes;
        if (axes.Count != 2 || axes[0] <= 0 || axes[1] <= 0)
            throw new InvalidDataException($"{path}: HDU 0 is not a 2-D image (NAXIS = {axes.Count}); not an SDSS frame");
        var wcs = TanWcs.FromHeader(primary.Header, $"{path} HDU 0");
        string band = primary.Header.GetString("FILTER")?.Trim() ?? "";
        return (primary, checked((int)axes[0]), checked((int)axes[1]), wcs, band);
    }

    private static SdssFrame ReadWhole(FitsFile file, ImageHdu primary, string path, string band, int width, int height, TanWcs wcs)
    {
        float[] pixels = primary.ReadFloat32();
        if (file.Compression != FitsCompression.None) _ = file.Hdus;
        return new SdssFrame(path, band, width, height, pixels, wcs);
    }
}
