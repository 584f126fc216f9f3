using System.Globalization;

namespace SPFusion.Transforms.Wcs;

/// <summary>
/// A celestial gnomonic (TAN) world coordinate system, optionally with SIP distortion, following Calabretta &amp; Greisen
/// (2002) and Shupe et al. (2005). Pixel coordinates are 0-based like astropy's origin=0 (the FITS reference pixel
/// CRPIX is 1-based); world coordinates are (RA, Dec) in degrees. Immutable and thread-safe.
/// </summary>
public sealed partial class TanWcs
{
    private const double Deg = Math.PI / 180.0;
    private const double Rad = 180.0 / Math.PI;
    private const int MaxNewtonIterations = 50;

    private readonly double _ci11, _ci12, _ci21, _ci22; // inverse of CD
    private readonly double _sinDecP, _cosDecP;
    private readonly double _sinLonPole, _cosLonPole;

    /// <summary>Creates a WCS from its parameters; <paramref name="lonPole"/> NaN means the FITS default.</summary>
    /// <param name="crpix1">Reference pixel, axis 1, 1-based (FITS CRPIX1).</param>
    /// <param name="crpix2">Reference pixel, axis 2, 1-based (FITS CRPIX2).</param>
    /// <param name="crval1">Right ascension of the reference point, degrees.</param>
    /// <param name="crval2">Declination of the reference point, degrees.</param>
    /// <param name="cd">Linear transform [[CD1_1, CD1_2], [CD2_1, CD2_2]] from pixel offsets to degrees.</param>
    /// <param name="lonPole">Native longitude of the celestial pole (LONPOLE), degrees; NaN for the default.</param>
    /// <param name="sip">SIP distortion, or null for plain TAN.</param>
    /// <param name="source">Names the header in error messages.</param>
    public TanWcs(double crpix1, double crpix2, double crval1, double crval2, double[,] cd, double lonPole = double.NaN, SipDistortion? sip = null, string source = "")
    {
        ArgumentNullException.ThrowIfNull(cd);
        if (cd.GetLength(0) != 2 || cd.GetLength(1) != 2)
            throw new ArgumentException("CD must be 2 x 2", nameof(cd));
        Source = source;
        CrPix1 = crpix1;
        CrPix2 = crpix2;
        CrVal1 = crval1;
        CrVal2 = crval2;
        Cd11 = cd[0, 0];
        Cd12 = cd[0, 1];
        Cd21 = cd[1, 0];
        Cd22 = cd[1, 1];
        Sip = sip;
        foreach (double v in new[] { crpix1, crpix2, crval1, crval2, Cd11, Cd12, Cd21, Cd22 })
        {
            if (!double.IsFinite(v))
                throw new InvalidDataException($"{source}: WCS parameter is not finite ({v})");
        }

        if (crval2 < -90 || crval2 > 90)
            throw new InvalidDataException($"{source}: CRVAL2 = {crval2.ToString(CultureInfo.InvariantCulture)} is not a declination");

        double det = (Cd11 * Cd22) - (Cd12 * Cd21);
        if (det == 0 || !double.IsFinite(1 / det))
            throw new InvalidDataException($"{source}: the CD matrix [[{Cd11}, {Cd12}], [{Cd21}, {Cd22}]] is singular (zero determinant)");
        _ci11 = Cd22 / det;
        _ci12 = -Cd12 / det;
        _ci21 = -Cd21 / det;
        _ci22 = Cd11 / det;

        // For zenithal projections the reference point is the native pole, so the celestial pole's native longitude
        // defaults to 180 degrees unless the reference point is the celestial north pole (C&G 2002, eq. 8).
        LonPole = double.IsNaN(lonPole) ? (crval2 >= 90 ? 0.0 : 180.0) : lonPole;
        _sinDecP = Math.Sin(crval2 * Deg);
        _cosDecP = Math.Cos(crval2 * Deg);
        _sinLonPole = Math.Sin(LonPole * Deg);
        _cosLonPole = Math.Cos(LonPole * Deg);
        NativeToCelestialMatrix = BuildNativeToCelestialMatrix();
    }

    /// <summary>Names the header this WCS came from.</summary>
    public string Source { get; }

    /// <summary>Reference pixel, axis 1, FITS 1-based.</summary>
    public double CrPix1 { get; }

    /// <summary>Reference pixel, axis 2, FITS 1-based.</summary>
    public double CrPix2 { get; }

    /// <summary>RA of the reference point, degrees.</summary>
    public double CrVal1 { get; }

    /// <summary>Dec of the reference point, degrees.</summary>
    public double CrVal2 { get; }

    /// <summary>CD1_1 in degrees per pixel.</summary>
    public double Cd11 { get; }

    /// <summary>CD1_2 in degrees per pixel.</summary>
    public double Cd12 { get; }

    /// <summary>CD2_1 in degrees per pixel.</summary>
    public double Cd21 { get; }

    /// <summary>CD2_2 in degrees per pixel.</summary>
    public double Cd22 { get; }

    /// <summary>Native longitude of the celestial pole in degrees (LONPOLE, defaulted).</summary>
    public double LonPole { get; }

    /// <summary>SIP distortion, or null.</summary>
    public SipDistortion? Sip { get; }

    /// <summary>Pixel (0-based) to (RA, Dec) in degrees, including SIP distortion (astropy all_pix2world, origin 0).</summary>
    public (double Ra, double Dec) PixelToWorld(double x, double y)
    {
        var (xi, eta) = PixelToIntermediate(x, y);

        // Gnomonic deprojection to native spherical coordinates.
        double r = Math.Sqrt((xi * xi) + (eta * eta));
        double phi = r == 0 ? 0 : Math.Atan2(xi, -eta);
        double theta = Math.Atan2(Rad, r);

        var (a, dec) = NativeToCelestial(phi, theta);
        double ra = (CrVal1 + (a * Rad)) % 360.0;
        if (ra < 0)
            ra += 360.0;
        return (ra, dec * Rad);
    }

    /// <summary>
    /// (RA, Dec) in degrees to pixel (0-based), inverting SIP exactly by Newton iteration (astropy all_world2pix, origin 0).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The position is 90 degrees or more from the tangent point.</exception>
    public (double X, double Y) WorldToPixel(double ra, double dec)
    {
        double dra = (ra - CrVal1) * Deg;
        double sinD = Math.Sin(dec * Deg), cosD = Math.Cos(dec * Deg);
        double sinA = Math.Sin(dra), cosA = Math.Cos(dra);

        // Celestial to native rotation (C&G 2002, eq. 5), kept in Cartesian form: asin(sin theta) would lose half the
        // digits next to the tangent point, where sin theta is close to 1.
        double na = -cosD * sinA;                                  // cos(theta) sin(phi - phi_p)
        double nb = (sinD * _cosDecP) - (cosD * _sinDecP * cosA);  // cos(theta) cos(phi - phi_p)
        double sinTheta = (sinD * _sinDecP) + (cosD * _cosDecP * cosA);
        if (!(sinTheta > 0))
            throw new ArgumentOutOfRangeException(nameof(ra), $"{Source}: ({ra}, {dec}) is 90 degrees or more from the tangent point ({CrVal1}, {CrVal2}); TAN cannot project it");

        // R sin(phi) and -R cos(phi) with R = cot(theta), phi = phi_p + atan2(na, nb).
        double scale = Rad / sinTheta;
        double xi = scale * ((na * _cosLonPole) + (nb * _sinLonPole));
        double eta = -scale * ((nb * _cosLonPole) - (na * _sinLonPole));

        double up = (_ci11 * xi) + (_ci12 * eta);
        double vp = (_ci21 * xi) + (_ci22 * eta);
        double u = up, v = vp;
        if (Sip is not null)
            (u, v) = InvertSip(up, vp, ra, dec);
        return (u + CrPix1 - 1, v + CrPix2 - 1);
    }

    /// <summary>
    /// Rotation taking native Cartesian vectors (x toward phi = 0, z toward the native pole) to celestial Cartesian vectors
    /// (x toward RA = 0, z toward the north pole), row-major; lets pixel-to-pixel mappings avoid trigonometry.
    /// </summary>
    internal double[] NativeToCelestialMatrix { get; }

    /// <summary>Whether the mapping is plain TAN (no distortion), so pixel maps can use <see cref="NativeToCelestialMatrix"/>.</summary>
    internal bool IsPlainTan => Sip is null;

    /// <summary>Maps 0-based pixels to TAN intermediate coordinates (xi, eta) in degrees, SIP included.</summary>
    internal (double Xi, double Eta) PixelToIntermediate(double x, double y)
    {
        double u = x + 1 - CrPix1;
        double v = y + 1 - CrPix2;
        if (Sip is not null)
        {
            double du = Sip.A.Evaluate(u, v);
            double dv = Sip.B.Evaluate(u, v);
            u += du;
            v += dv;
        }

        return ((Cd11 * u) + (Cd12 * v), (Cd21 * u) + (Cd22 * v));
    }

    /// <summary>Maps TAN intermediate coordinates in degrees to 0-based pixels for a plain TAN WCS.</summary>
    internal (double X, double Y) IntermediateToPixelPlain(double xi, double eta) =>
        ((_ci11 * xi) + (_ci12 * eta) + CrPix1 - 1, (_ci21 * xi) + (_ci22 * eta) + CrPix2 - 1);

    // Native (phi, theta) to celestial (ra - ra0, dec), radians (C&G 2002, eq. 2); atan2 rather than asin keeps
    // precision near the poles.
    private (double DeltaRa, double Dec) NativeToCelestial(double phi, double theta)
    {
        double dphi = phi - (LonPole * Deg);
        double sinT = Math.Sin(theta), cosT = Math.Cos(theta);
        double sinDp = Math.Sin(dphi), cosDp = Math.Cos(dphi);
        double ca = -cosT * sinDp;                                   // cos(dec) sin(ra - ra0)
        double cb = (sinT * _cosDecP) - (cosT * _sinDecP * cosDp);   // cos(dec) cos(ra - ra0)
        double sinDec = (sinT * _sinDecP) + (cosT * _cosDecP * cosDp);
        return (Math.Atan2(ca, cb), Math.Atan2(sinDec, Math.Sqrt((ca * ca) + (cb * cb))));
    }

    private double[] BuildNativeToCelestialMatrix()
    {
        // The rotation's columns are the images of the native basis vectors.
        var m = new double[9];
        (double Phi, double Theta)[] basis = [(0, 0), (Math.PI / 2, 0), (0, Math.PI / 2)];
        for (int k = 0; k < 3; k++)
        {
            var (da, dec) = NativeToCelestial(basis[k].Phi, basis[k].Theta);
            double ra = (CrVal1 * Deg) + da;
            m[k] = Math.Cos(dec) * Math.Cos(ra);
            m[3 + k] = Math.Cos(dec) * Math.Sin(ra);
            m[6 + k] = Math.Sin(dec);
        }

        return m;
    }

    private (double U, double V) InvertSip(double up, double vp, double ra, double dec)
    {
        var sip = Sip!;
        double u = up, v = vp;
        if (sip.HasInverse)
        {
            u = up + sip.AP!.Evaluate(up, vp);
            v = vp + sip.BP!.Evaluate(up, vp);
        }

        for (int i = 0; i < MaxNewtonIterations; i++)
        {
            var (fa, au, av) = sip.A.EvaluateWithGradient(u, v);
            var (fb, bu, bv) = sip.B.EvaluateWithGradient(u, v);
            double ru = u + fa - up;
            double rv = v + fb - vp;
            double j11 = 1 + au, j12 = av, j21 = bu, j22 = 1 + bv;
            double det = (j11 * j22) - (j12 * j21);
            if (det == 0 || !double.IsFinite(det))
                break;
            double stepU = ((j22 * ru) - (j12 * rv)) / det;
            double stepV = ((j11 * rv) - (j21 * ru)) / det;
            u -= stepU;
            v -= stepV;
            if (Math.Abs(stepU) < 1e-12 && Math.Abs(stepV) < 1e-12)
                return (u, v);
        }

        double residual = Math.Max(Math.Abs(u + sip.A.Evaluate(u, v) - up), Math.Abs(v + sip.B.Evaluate(u, v) - vp));
        if (residual < 1e-9)
            return (u, v);
        throw new ArgumentOutOfRangeException(nameof(ra), $"{Source}: SIP inversion did not converge at ({ra}, {dec}) (residual {residual} pixel); the position is outside the distortion model's range");
    }
}
