namespace SPFusion.Synthetic;

/// <summary>
/// A gnomonic (TAN) projection with a CD matrix, FITS conventions: pixel coordinates are 1-based, the intermediate x
/// axis points to increasing RA. The generator uses it to place stars; readers should use the package's WCS.
/// </summary>
internal sealed class TanProjection(double crPix1, double crPix2, double crVal1, double crVal2, double cd11, double cd12, double cd21, double cd22)
{
    public double CrPix1 { get; } = crPix1;

    public double CrPix2 { get; } = crPix2;

    public double CrVal1 { get; } = crVal1;

    public double CrVal2 { get; } = crVal2;

    public double Cd11 { get; } = cd11;

    public double Cd12 { get; } = cd12;

    public double Cd21 { get; } = cd21;

    public double Cd22 { get; } = cd22;

    /// <summary>A CD matrix of pixel scale <paramref name="scaleDeg"/> with the detector rows at position angle <paramref name="angleDeg"/>; the determinant is negative like the sky's.</summary>
    public static TanProjection Rotated(double crPix1, double crPix2, double crVal1, double crVal2, double scaleDeg, double angleDeg)
    {
        double a = angleDeg * Math.PI / 180;
        double c = Math.Cos(a), s = Math.Sin(a);
        return new TanProjection(crPix1, crPix2, crVal1, crVal2, -scaleDeg * c, scaleDeg * s, scaleDeg * s, scaleDeg * c);
    }

    /// <summary>World (deg) of the 1-based pixel (<paramref name="p1"/>, <paramref name="p2"/>).</summary>
    public (double Ra, double Dec) PixelToWorld(double p1, double p2)
    {
        double xi = ((Cd11 * (p1 - CrPix1)) + (Cd12 * (p2 - CrPix2))) * Math.PI / 180;
        double eta = ((Cd21 * (p1 - CrPix1)) + (Cd22 * (p2 - CrPix2))) * Math.PI / 180;
        double ra0 = CrVal1 * Math.PI / 180, dec0 = CrVal2 * Math.PI / 180;
        double denom = Math.Cos(dec0) - (eta * Math.Sin(dec0));
        double ra = ra0 + Math.Atan2(xi, denom);
        double dec = Math.Atan2(Math.Sin(dec0) + (eta * Math.Cos(dec0)), Math.Sqrt((xi * xi) + (denom * denom)));
        double raDeg = ra * 180 / Math.PI % 360;
        if (raDeg < 0) raDeg += 360;
        return (raDeg, dec * 180 / Math.PI);
    }

    /// <summary>1-based pixel of the world position (deg).</summary>
    public (double P1, double P2) WorldToPixel(double ra, double dec)
    {
        double a = ra * Math.PI / 180, d = dec * Math.PI / 180;
        double a0 = CrVal1 * Math.PI / 180, d0 = CrVal2 * Math.PI / 180;
        double cosC = (Math.Sin(d) * Math.Sin(d0)) + (Math.Cos(d) * Math.Cos(d0) * Math.Cos(a - a0));
        double xi = Math.Cos(d) * Math.Sin(a - a0) / cosC * 180 / Math.PI;
        double eta = ((Math.Sin(d) * Math.Cos(d0)) - (Math.Cos(d) * Math.Sin(d0) * Math.Cos(a - a0))) / cosC * 180 / Math.PI;
        double det = (Cd11 * Cd22) - (Cd12 * Cd21);
        double dx = ((Cd22 * xi) - (Cd12 * eta)) / det;
        double dy = ((-Cd21 * xi) + (Cd11 * eta)) / det;
        return (dx + CrPix1, dy + CrPix2);
    }
}
