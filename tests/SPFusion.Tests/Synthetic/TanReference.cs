using SPFusion.Transforms.Fits;

namespace SPFusion.Tests.Synthetic;

/// <summary>
/// An independent gnomonic inverse (world to 1-based pixel) from a header's CRPIX/CRVAL/CD cards, so the tests do not
/// check the generator against its own projection code.
/// </summary>
internal sealed class TanReference(FitsHeader h)
{
    private readonly double _crpix1 = h.RequireDouble("CRPIX1"), _crpix2 = h.RequireDouble("CRPIX2");
    private readonly double _ra0 = h.RequireDouble("CRVAL1") * Math.PI / 180, _dec0 = h.RequireDouble("CRVAL2") * Math.PI / 180;
    private readonly double _a = h.RequireDouble("CD1_1"), _b = h.RequireDouble("CD1_2"), _c = h.RequireDouble("CD2_1"), _d = h.RequireDouble("CD2_2");

    public double ScaleArcsec => Math.Sqrt(Math.Abs((_a * _d) - (_b * _c))) * 3600;

    /// <summary>Position angle of the detector x axis on the sky (deg), for comparing band rotations.</summary>
    public double AngleDeg => Math.Atan2(_c, -_a) * 180 / Math.PI;

    public (double P1, double P2) ToPixel(double raDeg, double decDeg)
    {
        double ra = raDeg * Math.PI / 180, dec = decDeg * Math.PI / 180;
        double cosc = (Math.Sin(dec) * Math.Sin(_dec0)) + (Math.Cos(dec) * Math.Cos(_dec0) * Math.Cos(ra - _ra0));
        double xi = Math.Cos(dec) * Math.Sin(ra - _ra0) / cosc * (180 / Math.PI);
        double eta = ((Math.Sin(dec) * Math.Cos(_dec0)) - (Math.Cos(dec) * Math.Sin(_dec0) * Math.Cos(ra - _ra0))) / cosc * (180 / Math.PI);
        double det = (_a * _d) - (_b * _c);
        return (_crpix1 + (((_d * xi) - (_b * eta)) / det), _crpix2 + (((-_c * xi) + (_a * eta)) / det));
    }
}
