using SPFusion.Transforms.Wcs;

namespace SPFusion.Synthetic;

/// <summary>
/// One SDSS-like imaging field: run/camcol/field numbers, the three bands' WCS (r and i shifted by a few pixels and
/// rotated by a few hundredths of a degree relative to g, as real frames are), seeing, sky noise and calibration.
/// </summary>
internal sealed class SyntheticField
{
    public const int Width = 2048;
    public const int Height = 1489;
    public const double PixelScaleArcsec = 0.396;
    public static readonly string[] Bands = ["g", "r", "i"];

    /// <summary>Sky noise per pixel (nanomaggies) of real DR frames, g r i.</summary>
    private static readonly double[] SkySigma = [0.015, 0.024, 0.038];

    /// <summary>Calibration (nanomaggies per count) of real DR frames, g r i.</summary>
    private static readonly double[] Nmgy = [0.0036, 0.0050, 0.0064];

    /// <summary>Seeing of the bands relative to r: the PSF is broader in the blue.</summary>
    private static readonly double[] SeeingOffset = [0.08, 0, -0.05];

    public required int Index { get; init; }
    public required int Run { get; init; }
    public required int CamCol { get; init; }
    public required int FieldNumber { get; init; }
    /// <summary>The g, r, i frames' plain TAN WCS (the package's reader's type: pixels are 0-based).</summary>
    public required TanWcs[] Wcs { get; init; }
    public required double[] FwhmArcsec { get; init; }
    public required double[] SkyNoise { get; init; }
    public required double[] NanomaggiesPerCount { get; init; }
    public required double[] SkyResidual { get; init; }
    public required int[] NoiseSeeds { get; init; }

    /// <summary>The frame's file name, SDSS style: frame-{band}-RRRRRR-C-FFFF.fits.bz2.</summary>
    public string FileName(int band) => $"frame-{Bands[band]}-{Run:D6}-{CamCol}-{FieldNumber:D4}.fits.bz2";

    /// <summary>Draws field <paramref name="index"/>. Runs from 9001 up do not exist in SDSS, so the names never collide with real frames.</summary>
    public static SyntheticField Sample(int index, Random rng)
    {
        double ra = rng.NextUniform(0, 360);
        double dec = Math.Asin(rng.NextUniform(Math.Sin(-5 * Math.PI / 180), Math.Sin(60 * Math.PI / 180))) * 180 / Math.PI;
        double angle = rng.NextUniform(0, 360);
        double scale = PixelScaleArcsec / 3600;
        double crPix1 = 1025, crPix2 = 745;
        var g = Rotated(crPix1, crPix2, ra, dec, scale, angle);
        var wcs = new TanWcs[3];
        wcs[0] = g;
        for (int b = 1; b < 3; b++)
        {
            // The band's reference pixel sees the sky that the g frame sees a few pixels away.
            var (cra, cdec) = g.PixelToWorld(crPix1 + rng.NextUniform(-6, 6) - 1, crPix2 + rng.NextUniform(-6, 6) - 1);
            double rot = rng.NextUniform(0.01, 0.05) * (rng.NextDouble() < 0.5 ? -1 : 1);
            wcs[b] = Rotated(crPix1, crPix2, cra, cdec, scale * rng.NextUniform(0.9998, 1.0002), angle + rot);
        }
        double seeing = rng.NextUniform(1.25, 1.5);
        var fwhm = new double[3];
        var sky = new double[3];
        var nmgy = new double[3];
        double skyLevel = rng.NextUniform(0.85, 1.25);
        var residual = new double[3];
        for (int b = 0; b < 3; b++)
        {
            fwhm[b] = Math.Clamp(seeing + SeeingOffset[b] + rng.NextGaussian(0, 0.02), 1.2, 1.6);
            sky[b] = SkySigma[b] * skyLevel * rng.NextUniform(0.97, 1.03);
            nmgy[b] = Nmgy[b] * rng.NextUniform(0.95, 1.05);
            residual[b] = rng.NextGaussian(0, 0.1 * sky[b]);
        }
        return new SyntheticField
        {
            Index = index,
            Run = 9001 + (index / 60),
            CamCol = 1 + (index / 10 % 6),
            FieldNumber = 11 + (index % 10),
            Wcs = wcs,
            FwhmArcsec = fwhm,
            SkyNoise = sky,
            NanomaggiesPerCount = nmgy,
            SkyResidual = residual,
            NoiseSeeds = [rng.Next(), rng.Next(), rng.Next()],
        };
    }

    /// <summary>A TAN WCS of pixel scale <paramref name="scaleDeg"/> with the detector rows at position angle <paramref name="angleDeg"/>; the CD determinant is negative like the sky's.</summary>
    private static TanWcs Rotated(double crPix1, double crPix2, double crVal1, double crVal2, double scaleDeg, double angleDeg)
    {
        double a = angleDeg * Math.PI / 180;
        double c = Math.Cos(a), s = Math.Sin(a);
        return new TanWcs(crPix1, crPix2, crVal1, crVal2, new[,] { { -scaleDeg * c, scaleDeg * s }, { scaleDeg * s, scaleDeg * c } }, source: "synthetic field");
    }
}
