using System.Globalization;

namespace SPFusion.Transforms.Spectra;

/// <summary>
/// What a wavelength axis must satisfy to be a real spectrum of the crop rather than something interpolation would
/// turn into invented flux: finite and strictly increasing, covering the crop, and sampling it at least half as finely as
/// LAMOST does (3,522 pixels in 4000-9000 Angstrom; at least 1,761). One home for these limits, used when raw spectra
/// are prepared and when a dataset in the authors' layout is read.
/// </summary>
internal static class SpectrumSampling
{
    /// <summary>
    /// Smallest share of the crop's LAMOST pixels a spectrum must have inside the crop. Coarser spectra would be
    /// interpolated onto a grid more than twice as fine as the data, so most input values would be made up.
    /// </summary>
    public const double MinimumPixelFraction = 0.5;

    /// <summary>
    /// LAMOST grid pixels by which the wavelength row of an already cropped spectrum (the authors' layout) may miss
    /// either end of the crop: float32 storage and a first/last pixel just inside the limits differ by about one.
    /// </summary>
    public const int EdgeTolerancePixels = 3;

    /// <summary>The fewest samples inside the crop a spectrum must have (1,761 for the default crop).</summary>
    public static int MinimumPixels(SpectrumPreparation preparation)
    {
        ArgumentNullException.ThrowIfNull(preparation);
        return (int)Math.Ceiling(MinimumPixelFraction * preparation.CroppedLength);
    }

    /// <summary>Refuses wavelengths that are non-finite or not strictly increasing; names <paramref name="source"/> and the sample.</summary>
    /// <exception cref="InvalidDataException">The axis cannot be a spectrum's.</exception>
    public static void CheckIncreasing(ReadOnlySpan<double> wavelength, string source)
    {
        for (int k = 0; k < wavelength.Length; k++)
        {
            if (!double.IsFinite(wavelength[k]))
                throw new InvalidDataException($"{source}: wavelength sample {k} is {F(wavelength[k])} (non-finite)");
            if (k > 0 && !(wavelength[k] > wavelength[k - 1]))
                throw new InvalidDataException($"{source}: wavelengths are not strictly increasing at sample {k} ({F(wavelength[k - 1])} then {F(wavelength[k])})");
        }
    }

    /// <summary>Refuses an (increasing) axis with fewer than <see cref="MinimumPixels"/> samples inside the crop.</summary>
    /// <exception cref="InvalidDataException">The spectrum samples the crop too coarsely.</exception>
    public static void CheckDensity(ReadOnlySpan<double> wavelength, SpectrumPreparation preparation, string source)
    {
        ArgumentNullException.ThrowIfNull(preparation);
        var o = preparation.Options;
        int inside = 0;
        foreach (double w in wavelength)
        {
            if (w >= o.MinWavelength && w <= o.MaxWavelength)
                inside++;
        }
        int needed = MinimumPixels(preparation);
        if (inside < needed)
        {
            throw new InvalidDataException(
                $"{source}: {inside} wavelength samples in [{F(o.MinWavelength)}, {F(o.MaxWavelength)}] Angstrom; at least {needed} " +
                $"(half of LAMOST's {preparation.CroppedLength}) are needed, since interpolating a coarser spectrum would invent flux");
        }
    }

    /// <summary>
    /// Checks the wavelength row of a spectrum already cropped as <paramref name="preparation"/> crops (the authors'
    /// layout): finite, strictly increasing, both ends within <see cref="EdgeTolerancePixels"/> of the crop's, dense enough.
    /// </summary>
    /// <exception cref="InvalidDataException">The row cannot be a cropped real spectrum; names <paramref name="source"/>.</exception>
    public static void CheckCropped(ReadOnlySpan<double> wavelength, SpectrumPreparation preparation, string source)
    {
        ArgumentNullException.ThrowIfNull(preparation);
        if (wavelength.Length == 0)
            throw new InvalidDataException($"{source}: the wavelength row is empty");
        CheckIncreasing(wavelength, source);
        var o = preparation.Options;
        int first = LamostGrid.FirstIndexAtOrAbove(o.MinWavelength);
        int last = first + preparation.CroppedLength - 1;
        if (!Near(wavelength[0], first) || !Near(wavelength[^1], last))
        {
            throw new InvalidDataException(
                $"{source}: the wavelength row spans {F(wavelength[0])}-{F(wavelength[^1])} Angstrom; a cropped spectrum covers " +
                $"[{F(o.MinWavelength)}, {F(o.MaxWavelength)}] Angstrom to within {EdgeTolerancePixels} LAMOST pixels at each end");
        }
        CheckDensity(wavelength, preparation, source);
    }

    private static bool Near(double wavelength, int gridIndex) =>
        Math.Abs(LamostGrid.Index(wavelength) - gridIndex) <= EdgeTolerancePixels;

    private static string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
}
