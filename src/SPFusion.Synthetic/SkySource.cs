namespace SPFusion.Synthetic;

/// <summary>
/// Something that lands on a frame: a star (point source) or a galaxy (elliptical Gaussian of the given intrinsic
/// widths, convolved with the PSF). Fluxes are in nanomaggies per band (g, r, i).
/// </summary>
internal readonly record struct SkySource(double Ra, double Dec, double[] Flux, double MajorArcsec = 0, double MinorArcsec = 0, double PositionAngleDeg = 0)
{
    /// <summary>Nanomaggies of an AB magnitude: 10^(-0.4 (m - 22.5)).</summary>
    public static double Nanomaggies(double magnitude) => Math.Pow(10, -0.4 * (magnitude - 22.5));
}
