namespace SPFusion.Transforms.Spectra;

/// <summary>
/// LAMOST's low-resolution wavelength grid, log10(lambda) = 3.5682 + 1e-4 i (vacuum Angstrom). Spectra on this grid are
/// cropped on their own samples; anything else is resampled onto it so every prepared spectrum shares one pixel scale.
/// </summary>
internal static class LamostGrid
{
    /// <summary>log10 of the wavelength of grid pixel 0 (header COEFF0).</summary>
    public const double Log10Start = 3.5682;

    /// <summary>log10 step per pixel (header COEFF1).</summary>
    public const double Log10Step = 1e-4;

    /// <summary>
    /// Largest accepted deviation, in grid pixels, of a sample from the grid. Real files store wavelengths as float32,
    /// which is off by up to 0.0014 pixel; a genuinely different grid is off by far more somewhere.
    /// </summary>
    public const double GridTolerancePixels = 0.01;

    private static readonly double RelativeTolerance = Math.Pow(10.0, GridTolerancePixels * Log10Step) - 1.0;
    private static readonly double StepRatio = Math.Pow(10.0, Log10Step);

    /// <summary>Wavelength of (possibly fractional) grid index <paramref name="index"/>.</summary>
    public static double Wavelength(double index) => Math.Pow(10.0, Log10Start + (Log10Step * index));

    /// <summary>Fractional grid index of a wavelength.</summary>
    public static double Index(double wavelength) => (Math.Log10(wavelength) - Log10Start) / Log10Step;

    /// <summary>First grid index whose wavelength is at least <paramref name="wavelength"/>.</summary>
    public static int FirstIndexAtOrAbove(double wavelength)
    {
        int i = (int)Math.Ceiling(Index(wavelength) - 1e-9);
        while (Wavelength(i) < wavelength)
            i++;
        while (Wavelength(i - 1) >= wavelength)
            i--;
        return i;
    }

    /// <summary>Last grid index whose wavelength is at most <paramref name="wavelength"/>.</summary>
    public static int LastIndexAtOrBelow(double wavelength)
    {
        int i = (int)Math.Floor(Index(wavelength) + 1e-9);
        while (Wavelength(i) > wavelength)
            i--;
        while (Wavelength(i + 1) <= wavelength)
            i++;
        return i;
    }

    /// <summary>
    /// True when every sample lies on consecutive LAMOST grid pixels; <paramref name="firstIndex"/> is the grid index of
    /// sample 0. Checking every sample (not just the ends) catches grids that agree at the ends but differ in between.
    /// </summary>
    public static bool IsOnGrid(ReadOnlySpan<double> wavelength, out int firstIndex)
    {
        firstIndex = 0;
        if (wavelength.Length == 0 || !(wavelength[0] > 0))
            return false;
        double i0 = Index(wavelength[0]);
        firstIndex = (int)Math.Round(i0);

        // Compare ratios to the expected grid wavelength, advanced by one multiplication per pixel (no logarithms on the
        // hot path; the product's rounding drift over 4,000 steps is ~1e-12, far below the tolerance).
        double relTol = RelativeTolerance;
        double step = StepRatio;
        double expected = Wavelength(firstIndex);
        for (int k = 0; k < wavelength.Length; k++)
        {
            double w = wavelength[k];
            if (!(Math.Abs((w / expected) - 1.0) <= relTol))
                return false;
            expected *= step;
        }

        return true;
    }
}
