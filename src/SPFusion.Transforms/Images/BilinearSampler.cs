namespace SPFusion.Transforms.Images;

/// <summary>
/// Bilinear interpolation with the conventions of astropy's reproject (reproject_interp, order='bilinear'): pixel
/// centres at integer coordinates; a coordinate in the outer half of a border pixel takes the border value; anything
/// beyond half a pixel outside the frame has no value.
/// </summary>
internal static class BilinearSampler
{
    /// <summary>Samples (x, y) of a row-major image; false when the point lies outside the frame.</summary>
    public static bool TrySample(ReadOnlySpan<float> pixels, int width, int height, double x, double y, out float value) =>
        TrySample(pixels, width, height, 0, x, y, out value, null);

    /// <summary>
    /// Samples (x, y) of <paramref name="frame"/> on its whole grid; false when the point lies outside the frame.
    /// A windowed frame must hold both rows the interpolation reads, else <see cref="InvalidOperationException"/>.
    /// </summary>
    public static bool TrySample(SdssFrame frame, double x, double y, out float value) =>
        TrySample(frame.Pixels, frame.Width, frame.Height, frame.FirstRow, x, y, out value, frame);

    private static bool TrySample(ReadOnlySpan<float> pixels, int width, int height, int firstRow, double x, double y, out float value, SdssFrame? frame)
    {
        if (!(x >= -0.5 && x <= width - 0.5 && y >= -0.5 && y <= height - 0.5))
        {
            value = float.NaN;
            return false;
        }

        double cx = Math.Clamp(x, 0, width - 1);
        double cy = Math.Clamp(y, 0, height - 1);
        int x0 = Math.Min((int)cx, Math.Max(width - 2, 0));
        int y0 = Math.Min((int)cy, Math.Max(height - 2, 0));
        int x1 = Math.Min(x0 + 1, width - 1);
        int y1 = Math.Min(y0 + 1, height - 1);
        double fx = cx - x0, fy = cy - y0;
        int row0 = (y0 - firstRow) * width, row1 = (y1 - firstRow) * width;
        if (frame is not null && (row0 < 0 || row1 + width > pixels.Length))
            _ = frame.RowStart(row0 < 0 ? y0 : y1); // throws, naming the frame and the rows it holds
        double top = pixels[row0 + x0] + (fx * ((double)pixels[row0 + x1] - pixels[row0 + x0]));
        double bottom = pixels[row1 + x0] + (fx * ((double)pixels[row1 + x1] - pixels[row1 + x0]));
        value = (float)(top + (fy * (bottom - top)));
        return true;
    }
}
