using System.Globalization;
using SPFusion.Transforms.Wcs;

namespace SPFusion.Transforms.Images;

/// <summary>
/// The paper's image alignment for one star: its (RA, Dec) goes through the g frame's WCS to a pixel, the cut-out is the
/// Size x Size block at (ceil(x - Size/2), ceil(y - Size/2)); g pixels are copied, and each cut-out pixel centre goes
/// through g's WCS to the sky and through r's (i's) WCS back to that frame, where the value is bilinearly interpolated.
/// Only 3 x Size x Size samples are computed per star; frames are never reprojected whole. Thread-safe.
/// </summary>
public sealed class StarCutoutBuilder
{
    /// <summary>Creates a builder (defaults: the paper's).</summary>
    public StarCutoutBuilder(StarCutoutOptions? options = null)
    {
        Options = options ?? new StarCutoutOptions();
        if (Options.Size < 2)
            throw new ArgumentException($"cut-out size {Options.Size} must be at least 2", nameof(options));
    }

    /// <summary>The options in force.</summary>
    public StarCutoutOptions Options { get; }

    /// <summary>Builds the aligned cut-out of the star at (<paramref name="ra"/>, <paramref name="dec"/>) degrees.</summary>
    /// <exception cref="InvalidDataException">
    /// The cut-out leaves a frame (with <see cref="CutoutEdgePolicy.Throw"/>), a band holds non-finite values,
    /// a band is constant, or a frame's FILTER is not the band it is given as; the message names the star and the frame.
    /// </exception>
    public StarCutout Build(string starName, double ra, double dec, SdssFrame g, SdssFrame r, SdssFrame i)
    {
        try
        {
            return BuildInside(starName, ra, dec, g, r, i);
        }
        catch (CutoutOutsideFrameException ex)
        {
            throw new InvalidDataException(ex.Message, ex);
        }
    }

    /// <summary>
    /// As <see cref="Build(string, double, double, SdssFrame, SdssFrame, SdssFrame)"/>, but a star whose cut-out leaves a
    /// frame (or cannot be projected into it) is not an error: null comes back with the reason in <paramref name="outside"/>.
    /// Bad frame data (non-finite or constant bands, a wrong FILTER) still throws. Survey runs estimate such stars from
    /// their spectrum alone.
    /// </summary>
    internal StarCutout? TryBuild(string starName, double ra, double dec, SdssFrame g, SdssFrame r, SdssFrame i, out string? outside)
    {
        try
        {
            outside = null;
            return BuildInside(starName, ra, dec, g, r, i);
        }
        catch (CutoutOutsideFrameException ex)
        {
            outside = ex.Message;
            return null;
        }
    }

    private StarCutout BuildInside(string starName, double ra, double dec, SdssFrame g, SdssFrame r, SdssFrame i)
    {
        ArgumentNullException.ThrowIfNull(g);
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(i);
        CheckFilter(starName, g, "g");
        CheckFilter(starName, r, "r");
        CheckFilter(starName, i, "i");
        int size = Options.Size;
        int plane = size * size;
        var (x, y) = StarPixel(starName, ra, dec, g);
        int ox = (int)Math.Ceiling(x - (size / 2.0));
        int oy = (int)Math.Ceiling(y - (size / 2.0));
        bool pad = Options.EdgePolicy == CutoutEdgePolicy.PadWithBandMedian;

        var raw = new float[3 * plane];
        var valid = new bool[3 * plane];
        var padded = new int[3];
        padded[0] = CopyG(starName, g, ox, oy, size, raw, valid, pad);
        padded[1] = Reproject(starName, g, r, ox, oy, size, raw.AsSpan(plane, plane), valid.AsSpan(plane, plane), pad);
        padded[2] = Reproject(starName, g, i, ox, oy, size, raw.AsSpan(2 * plane, plane), valid.AsSpan(2 * plane, plane), pad);

        var frames = new[] { g, r, i };
        for (int b = 0; b < 3; b++)
        {
            if (padded[b] > 0)
                FillWithMedian(starName, frames[b], raw.AsSpan(b * plane, plane), valid.AsSpan(b * plane, plane));
        }

        var normalised = new float[raw.Length];
        for (int b = 0; b < 3; b++)
        {
            var frame = frames[b];
            BandNormaliser.Normalise(raw.AsSpan(b * plane, plane), normalised.AsSpan(b * plane, plane), () => $"star {starName}: the cut-out from frame {frame.Source}");
        }
        return new StarCutout(starName, x, y, ox, oy, size, raw, normalised, padded);
    }

    /// <summary>Builds a cut-out from frame files, decoding each through <paramref name="cache"/> so stars share frames.</summary>
    /// <exception cref="InvalidDataException">As for <see cref="Build(string, double, double, SdssFrame, SdssFrame, SdssFrame)"/>, or a frame file is bad.</exception>
    public StarCutout Build(string starName, double ra, double dec, FrameCache cache, string gPath, string rPath, string iPath)
    {
        ArgumentNullException.ThrowIfNull(cache);
        return Build(starName, ra, dec, cache.Get(gPath), cache.Get(rPath), cache.Get(iPath));
    }

    private static (double X, double Y) StarPixel(string star, double ra, double dec, SdssFrame g)
    {
        try
        {
            return g.Wcs.WorldToPixel(ra, dec);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new CutoutOutsideFrameException($"star {star} ({F(ra)}, {F(dec)}): not projectable in frame {g.Source}: {e.Message}", e);
        }
    }

    private static int CopyG(string star, SdssFrame g, int ox, int oy, int size, float[] raw, bool[] valid, bool pad)
    {
        bool inside = ox >= 0 && oy >= 0 && ox + size <= g.Width && oy + size <= g.Height;
        if (!inside && !pad)
        {
            throw new CutoutOutsideFrameException(
                $"star {star}: its {size} x {size} cut-out at g pixel ({ox}, {oy}) extends beyond frame {g.Source} ({g.Width} x {g.Height}); " +
                $"the star is within {size / 2} pixels of the frame edge (use CutoutEdgePolicy.PadWithBandMedian to pad)");
        }

        int missing = 0;
        var pixels = g.Pixels;
        for (int row = 0; row < size; row++)
        {
            int gy = oy + row;
            bool rowInFrame = gy >= 0 && gy < g.Height;
            int rowStart = rowInFrame ? g.RowStart(gy) : 0; // a windowed frame must hold every in-frame row
            for (int col = 0; col < size; col++)
            {
                int gx = ox + col;
                int k = (row * size) + col;
                if (gx >= 0 && rowInFrame && gx < g.Width)
                {
                    raw[k] = pixels[rowStart + gx];
                    valid[k] = true;
                }
                else
                {
                    missing++;
                }
            }
        }

        return missing;
    }

    private static int Reproject(string star, SdssFrame g, SdssFrame target, int ox, int oy, int size, Span<float> raw, Span<bool> valid, bool pad)
    {
        var map = new WcsPixelMapping(g.Wcs, target.Wcs);
        Span<double> xs = stackalloc double[size <= 512 ? size : 0];
        Span<double> ys = stackalloc double[size <= 512 ? size : 0];
        if (size > 512)
        {
            xs = new double[size];
            ys = new double[size];
        }

        int missing = 0;
        for (int row = 0; row < size; row++)
        {
            map.MapRow(ox, oy + row, xs, ys);
            for (int col = 0; col < size; col++)
            {
                int k = (row * size) + col;
                double tx = xs[col], ty = ys[col];
                if (BilinearSampler.TrySample(target, tx, ty, out float v))
                {
                    raw[k] = v;
                    valid[k] = true;
                    continue;
                }

                if (!pad)
                {
                    throw new CutoutOutsideFrameException(
                        $"star {star}: cut-out pixel ({col}, {row}) (g pixel ({ox + col}, {oy + row})) maps to ({F(tx)}, {F(ty)}) outside frame {target.Source} ({target.Width} x {target.Height}) " +
                        "(use CutoutEdgePolicy.PadWithBandMedian to pad)");
                }

                missing++;
            }
        }

        return missing;
    }

    private static void FillWithMedian(string star, SdssFrame frame, Span<float> band, ReadOnlySpan<bool> valid)
    {
        var inFrame = new List<float>(band.Length);
        for (int k = 0; k < band.Length; k++)
        {
            if (valid[k])
                inFrame.Add(band[k]);
        }

        if (inFrame.Count == 0)
            throw new CutoutOutsideFrameException($"star {star}: no pixel of its cut-out lies in frame {frame.Source}; nothing to pad from");
        inFrame.Sort();
        int n = inFrame.Count;
        float median = n % 2 == 1 ? inFrame[n / 2] : (float)((inFrame[(n / 2) - 1] + (double)inFrame[n / 2]) / 2);
        for (int k = 0; k < band.Length; k++)
        {
            if (!valid[k])
                band[k] = median;
        }
    }

    // Swapped columns in a catalogue would otherwise give the network its bands in the wrong order without any error.
    // A frame without FILTER (not SDSS's own files) is taken as given.
    private static void CheckFilter(string star, SdssFrame frame, string band)
    {
        if (frame.Band.Length > 0 && !string.Equals(frame.Band, band, StringComparison.OrdinalIgnoreCase))
            throw new InvalidDataException($"star {star}: frame {frame.Source} has FILTER '{frame.Band}' but is given as the {band} band");
    }

    private static string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
}
