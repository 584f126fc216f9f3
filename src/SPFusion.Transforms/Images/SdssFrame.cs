using SPFusion.Transforms.Wcs;

namespace SPFusion.Transforms.Images;

/// <summary>
/// One decoded SDSS frame: the calibrated image (nanomaggies, row-major, NAXIS1 = width varies fastest) and its WCS.
/// Immutable once built, so many stars and threads can share it through <see cref="FrameCache"/>.
/// </summary>
public sealed class SdssFrame
{
    /// <summary>Wraps decoded pixels; <paramref name="pixels"/> must hold width x height values.</summary>
    public SdssFrame(string source, string band, int width, int height, float[] pixels, TanWcs wcs)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(wcs);
        if (width <= 0 || height <= 0 || (long)width * height != pixels.LongLength)
            throw new ArgumentException($"{source}: {pixels.LongLength} pixels do not make a {width} x {height} frame", nameof(pixels));
        Source = source;
        Band = band;
        Width = width;
        Height = height;
        Pixels = pixels;
        Wcs = wcs;
    }

    /// <summary>The file the frame was read from, for error messages.</summary>
    public string Source { get; }

    /// <summary>The filter (header FILTER, e.g. "g").</summary>
    public string Band { get; }

    /// <summary>Columns (NAXIS1).</summary>
    public int Width { get; }

    /// <summary>Rows (NAXIS2).</summary>
    public int Height { get; }

    /// <summary>Pixel values, index = y * Width + x (0-based).</summary>
    public float[] Pixels { get; }

    /// <summary>The frame's world coordinate system.</summary>
    public TanWcs Wcs { get; }

    /// <summary>Approximate memory held, for the cache's byte budget.</summary>
    public long SizeInBytes => (Pixels.LongLength * sizeof(float)) + 1024;

    /// <summary>The value at integer pixel (x, y).</summary>
    public float this[int x, int y] => Pixels[(y * Width) + x];
}
