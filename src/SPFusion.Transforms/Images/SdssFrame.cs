using SPFusion.Transforms.Wcs;

namespace SPFusion.Transforms.Images;

/// <summary>
/// One decoded SDSS frame: the calibrated image (nanomaggies, row-major, NAXIS1 = width varies fastest) and its WCS.
/// Immutable once built, so many stars and threads can share it through <see cref="FrameCache"/>.
/// A frame may hold only a window of its rows (<see cref="SdssFrameReader.ReadAround"/>): <see cref="Width"/>,
/// <see cref="Height"/> and <see cref="Wcs"/> still describe the whole frame, so edge-star decisions are the same as for
/// a whole frame, while reading a row outside <see cref="FirstRow"/> .. <see cref="FirstRow"/> + <see cref="RowCount"/> - 1
/// throws <see cref="InvalidOperationException"/> (a caller that asked for the wrong window, never a silent value).
/// </summary>
public sealed class SdssFrame
{
    /// <summary>Wraps a whole decoded frame; <paramref name="pixels"/> must hold width x height values.</summary>
    public SdssFrame(string source, string band, int width, int height, float[] pixels, TanWcs wcs)
        : this(source, band, width, height, 0, height, pixels, wcs)
    {
    }

    /// <summary>
    /// Wraps rows <paramref name="firstRow"/> .. <paramref name="firstRow"/> + <paramref name="rowCount"/> - 1 of a
    /// width x height frame; <paramref name="pixels"/> must hold width x rowCount values, the window's rows only.
    /// </summary>
    public SdssFrame(string source, string band, int width, int height, int firstRow, int rowCount, float[] pixels, TanWcs wcs)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(wcs);
        if (width <= 0 || height <= 0)
            throw new ArgumentException($"{source}: a {width} x {height} frame has no pixels", nameof(width));
        if (firstRow < 0 || rowCount < 0 || (long)firstRow + rowCount > height)
            throw new ArgumentOutOfRangeException(nameof(firstRow), $"{source}: rows {firstRow} .. {(long)firstRow + rowCount - 1} are not within the frame's {height} rows");
        if ((long)width * rowCount != pixels.LongLength)
        {
            throw new ArgumentException(
                rowCount == height
                    ? $"{source}: {pixels.LongLength} pixels do not make a {width} x {height} frame"
                    : $"{source}: {pixels.LongLength} pixels do not make {rowCount} rows of {width}",
                nameof(pixels));
        }

        Source = source;
        Band = band;
        Width = width;
        Height = height;
        FirstRow = firstRow;
        RowCount = rowCount;
        Pixels = pixels;
        Wcs = wcs;
    }

    /// <summary>The file the frame was read from, for error messages.</summary>
    public string Source { get; }

    /// <summary>The filter (header FILTER, e.g. "g").</summary>
    public string Band { get; }

    /// <summary>Columns (NAXIS1).</summary>
    public int Width { get; }

    /// <summary>Rows of the whole frame (NAXIS2), also when only a window of them is held.</summary>
    public int Height { get; }

    /// <summary>The first row held (0 for a whole frame).</summary>
    public int FirstRow { get; }

    /// <summary>The number of rows held (<see cref="Height"/> for a whole frame).</summary>
    public int RowCount { get; }

    /// <summary>True when every row of the frame is held.</summary>
    public bool IsWhole => RowCount == Height;

    /// <summary>Pixel values of the rows held, index = (y - <see cref="FirstRow"/>) * Width + x (0-based).</summary>
    public float[] Pixels { get; }

    /// <summary>The frame's world coordinate system.</summary>
    public TanWcs Wcs { get; }

    /// <summary>Approximate memory held (the rows held), for the cache's byte budget.</summary>
    public long SizeInBytes => (Pixels.LongLength * sizeof(float)) + 1024;

    /// <summary>The value at integer pixel (x, y) of the whole frame's grid.</summary>
    /// <exception cref="InvalidOperationException">Row <paramref name="y"/> is not among the rows held.</exception>
    public float this[int x, int y] => Pixels[RowStart(y) + x];

    /// <summary>Index in <see cref="Pixels"/> of row <paramref name="y"/>'s first pixel; throws when the row is not held.</summary>
    internal int RowStart(int y)
    {
        if ((uint)(y - FirstRow) >= (uint)RowCount)
            throw RowNotHeld(y);
        return (y - FirstRow) * Width;
    }

    private InvalidOperationException RowNotHeld(int y) =>
        new($"frame {Source}: row {y} was not decoded (this frame holds rows {FirstRow} .. {FirstRow + RowCount - 1} of {Height}); " +
            "read it whole with SdssFrameReader.Read or give SdssFrameReader.ReadAround every star it serves");
}
