namespace SPFusion.Transforms.Wcs;

/// <summary>
/// Maps pixels of one frame to pixels of another through the sky (pixel -> world -> pixel), as reprojection does for
/// every output pixel. Between two plain TAN systems this is a projective map computed without trigonometry (one 3 x 3
/// rotation), which makes per-star reprojection cheap; with SIP on either side it uses the exact general path.
/// </summary>
internal sealed class WcsPixelMapping
{
    private const double Deg = Math.PI / 180.0;
    private readonly TanWcs _from;
    private readonly TanWcs _to;
    private readonly double[]? _k; // native(from) -> native(to), row-major

    /// <summary>Prepares the mapping from <paramref name="from"/> pixels to <paramref name="to"/> pixels.</summary>
    public WcsPixelMapping(TanWcs from, TanWcs to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        _from = from;
        _to = to;
        if (from.IsPlainTan && to.IsPlainTan)
        {
            double[] a = from.NativeToCelestialMatrix;
            double[] b = to.NativeToCelestialMatrix;
            _k = new double[9];
            for (int r = 0; r < 3; r++)
            {
                for (int c = 0; c < 3; c++)
                {
                    // K = B^T A (B is a rotation, so its transpose is its inverse).
                    _k[(r * 3) + c] = (b[r] * a[c]) + (b[3 + r] * a[3 + c]) + (b[6 + r] * a[6 + c]);
                }
            }
        }
    }

    /// <summary>
    /// The target pixel (0-based) of source pixel (x, y); false when the sky position is 90 degrees or more from the
    /// target's tangent point (TAN cannot project it).
    /// </summary>
    public bool TryMap(double x, double y, out double targetX, out double targetY)
    {
        if (_k is null)
            return TryMapGeneral(x, y, out targetX, out targetY);

        var (xi, eta) = _from.PixelToIntermediate(x, y);

        // Native direction of a TAN intermediate point, up to a positive factor: (-eta, xi, 1) in radians.
        double n0 = -eta * Deg, n1 = xi * Deg;
        double[] k = _k;
        double t0 = (k[0] * n0) + (k[1] * n1) + k[2];
        double t1 = (k[3] * n0) + (k[4] * n1) + k[5];
        double t2 = (k[6] * n0) + (k[7] * n1) + k[8];
        if (!(t2 > 0))
        {
            targetX = targetY = double.NaN;
            return false;
        }

        double xi2 = t1 / t2 / Deg;
        double eta2 = -t0 / t2 / Deg;
        (targetX, targetY) = _to.IntermediateToPixelPlain(xi2, eta2);
        return true;
    }

    /// <summary>
    /// Maps the source pixels (x0 + c, y) for c = 0 .. count-1 into <paramref name="targetX"/> and
    /// <paramref name="targetY"/>; NaN marks pixels TAN cannot project. Along a row the TAN-to-TAN map is a ratio of
    /// linear functions, so the plain path costs one division per pixel.
    /// </summary>
    public void MapRow(double x0, double y, Span<double> targetX, Span<double> targetY)
    {
        if (targetY.Length != targetX.Length)
            throw new ArgumentException("target spans differ in length", nameof(targetY));
        int count = targetX.Length;
        if (_k is null || count == 0)
        {
            for (int c = 0; c < count; c++)
                TryMap(x0 + c, y, out targetX[c], out targetY[c]);
            return;
        }

        var (xiA, etaA) = _from.PixelToIntermediate(x0, y);
        var (xiB, etaB) = _from.PixelToIntermediate(x0 + 1, y);
        double n0 = -etaA * Deg, n1 = xiA * Deg;
        double d0 = -(etaB - etaA) * Deg, d1 = (xiB - xiA) * Deg;
        double[] k = _k;
        double a0 = (k[0] * n0) + (k[1] * n1) + k[2], s0 = (k[0] * d0) + (k[1] * d1);
        double a1 = (k[3] * n0) + (k[4] * n1) + k[5], s1 = (k[3] * d0) + (k[4] * d1);
        double a2 = (k[6] * n0) + (k[7] * n1) + k[8], s2 = (k[6] * d0) + (k[7] * d1);
        for (int c = 0; c < count; c++)
        {
            double t0 = a0 + (c * s0), t1 = a1 + (c * s1), t2 = a2 + (c * s2);
            if (!(t2 > 0))
            {
                targetX[c] = targetY[c] = double.NaN;
                continue;
            }

            double inv = 1.0 / (t2 * Deg);
            (targetX[c], targetY[c]) = _to.IntermediateToPixelPlain(t1 * inv, -t0 * inv);
        }
    }

    private bool TryMapGeneral(double x, double y, out double targetX, out double targetY)
    {
        var (ra, dec) = _from.PixelToWorld(x, y);
        try
        {
            (targetX, targetY) = _to.WorldToPixel(ra, dec);
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            targetX = targetY = double.NaN;
            return false;
        }
    }
}
