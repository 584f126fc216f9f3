using System.Globalization;

namespace SPFusion.Transforms.Spectra;

/// <summary>
/// Turns a LAMOST spectrum into the network input the authors trained on: crop to [4000, 9000] Angstrom on LAMOST's
/// log-linear grid (3,522 pixels), min-max normalise, zero pad to 3,584. Spectra on another grid are first interpolated
/// onto LAMOST's grid so the crop always means the same pixels. Thread-safe; allocation is limited to the outputs.
/// </summary>
public sealed class SpectrumPreparation
{
    private readonly int _firstIndex;
    private readonly int _lastIndex;

    /// <summary>Creates a preparation with the given options (defaults: the paper's).</summary>
    public SpectrumPreparation(SpectrumPreparationOptions? options = null)
    {
        Options = options ?? new SpectrumPreparationOptions();
        if (!(Options.MinWavelength > 0) || !(Options.MaxWavelength > Options.MinWavelength))
            throw new ArgumentException($"crop range [{Options.MinWavelength}, {Options.MaxWavelength}] Angstrom is empty or not positive", nameof(options));
        if (Options.PaddedLength <= 0)
            throw new ArgumentException($"padded length {Options.PaddedLength} must be positive", nameof(options));
        _firstIndex = LamostGrid.FirstIndexAtOrAbove(Options.MinWavelength);
        _lastIndex = LamostGrid.LastIndexAtOrBelow(Options.MaxWavelength);
        if (_lastIndex < _firstIndex)
            throw new ArgumentException($"crop range [{Options.MinWavelength}, {Options.MaxWavelength}] Angstrom holds no LAMOST grid pixel", nameof(options));
    }

    /// <summary>The options in force.</summary>
    public SpectrumPreparationOptions Options { get; }

    /// <summary>Pixels in the crop (3,522 with the default range).</summary>
    public int CroppedLength => _lastIndex - _firstIndex + 1;

    /// <summary>
    /// The wavelength (Angstrom, LAMOST's vacuum grid) of sample <paramref name="sample"/> of the padded network input, or
    /// NaN for a padding zero: the crop's pixels sit after floor((padded - cropped)/2) zeros, as <see cref="SpectrumPadding"/> places them.
    /// </summary>
    internal double WavelengthOfSample(int sample)
    {
        int pixel = sample - SpectrumPadding.LeftPad(CroppedLength, Options.PaddedLength);
        return pixel >= 0 && pixel < CroppedLength ? LamostGrid.Wavelength(_firstIndex + pixel) : double.NaN;
    }

    /// <summary>Prepares a spectrum read from a LAMOST file.</summary>
    /// <exception cref="InvalidDataException">See <see cref="Prepare(ReadOnlySpan{double}, ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{int}, string)"/>.</exception>
    public PreparedSpectrum Prepare(LamostSpectrum spectrum)
    {
        ArgumentNullException.ThrowIfNull(spectrum);
        return Prepare(spectrum.Wavelength, spectrum.Flux, spectrum.Ivar, spectrum.OrMask, spectrum.SourcePath);
    }

    /// <summary>
    /// Prepares raw arrays. <paramref name="ivar"/> and <paramref name="orMask"/> are only read when bad-pixel bridging
    /// is on and may then not be empty; <paramref name="source"/> names the spectrum in errors.
    /// </summary>
    /// <exception cref="InvalidDataException">
    /// Coverage does not span the crop, the crop exceeds the padded length, wavelengths are not increasing,
    /// or the cropped flux is non-finite or constant.
    /// </exception>
    public PreparedSpectrum Prepare(ReadOnlySpan<double> wavelength, ReadOnlySpan<float> flux, ReadOnlySpan<float> ivar, ReadOnlySpan<int> orMask, string source)
    {
        if (wavelength.Length != flux.Length)
            throw new InvalidDataException($"{source}: {wavelength.Length} wavelengths but {flux.Length} flux samples");
        int n = CroppedLength;
        if (n > Options.PaddedLength)
            throw new InvalidDataException($"{source}: {n} pixels after cropping to [{F(Options.MinWavelength)}, {F(Options.MaxWavelength)}] Angstrom exceed the padded length {Options.PaddedLength}");
        if (wavelength.Length < 2)
            throw new InvalidDataException($"{source}: {wavelength.Length} samples cannot span the crop [{F(Options.MinWavelength)}, {F(Options.MaxWavelength)}] Angstrom");

        ReadOnlySpan<float> workFlux = flux;
        if (Options.BridgeBadPixels)
        {
            if (ivar.Length != flux.Length || orMask.Length != flux.Length)
                throw new InvalidDataException($"{source}: bad-pixel bridging needs IVAR and ORMASK of {flux.Length} samples (got {ivar.Length} and {orMask.Length})");
            workFlux = BadPixelBridge.Bridge(wavelength, flux, ivar, orMask, source);
        }

        var croppedWavelength = new double[n];
        var croppedFlux = new float[n];
        bool resampled;
        if (LamostGrid.IsOnGrid(wavelength, out int fileFirst))
        {
            int fileLast = fileFirst + wavelength.Length - 1;
            if (fileFirst > _firstIndex || fileLast < _lastIndex)
                throw CoverageError(source, wavelength[0], wavelength[^1]);
            int offset = _firstIndex - fileFirst;
            wavelength.Slice(offset, n).CopyTo(croppedWavelength);
            workFlux.Slice(offset, n).CopyTo(croppedFlux);
            resampled = false;
        }
        else
        {
            Resample(wavelength, workFlux, croppedWavelength, croppedFlux, source);
            resampled = true;
        }

        float[] input = SpectrumPadding.NormaliseAndPad(croppedFlux, Options.PaddedLength, source);
        return new PreparedSpectrum(croppedWavelength, croppedFlux, input, SpectrumPadding.LeftPad(n, Options.PaddedLength), resampled);
    }

    private void Resample(ReadOnlySpan<double> wavelength, ReadOnlySpan<float> flux, double[] targetWavelength, float[] targetFlux, string source)
    {
        SpectrumSampling.CheckIncreasing(wavelength, source);

        // float32-stored grids may miss an end by a rounding step; that is still coverage, not extrapolation.
        const double relTol = 1e-7;
        double first = LamostGrid.Wavelength(_firstIndex);
        double last = LamostGrid.Wavelength(_lastIndex);
        if (wavelength[0] > first * (1 + relTol) || wavelength[^1] < last * (1 - relTol))
            throw CoverageError(source, wavelength[0], wavelength[^1]);
        SpectrumSampling.CheckDensity(wavelength, this, source);

        int j = 0;
        for (int t = 0; t < targetFlux.Length; t++)
        {
            double w = LamostGrid.Wavelength(_firstIndex + t);
            targetWavelength[t] = w;
            double wc = Math.Clamp(w, wavelength[0], wavelength[^1]);
            while (j < wavelength.Length - 2 && wavelength[j + 1] < wc)
                j++;
            double f = (wc - wavelength[j]) / (wavelength[j + 1] - wavelength[j]);
            targetFlux[t] = (float)(flux[j] + (f * ((double)flux[j + 1] - flux[j])));
        }
    }

    private InvalidDataException CoverageError(string source, double from, double to) =>
        new($"{source}: wavelength coverage {F(from)}-{F(to)} Angstrom does not span the crop [{F(Options.MinWavelength)}, {F(Options.MaxWavelength)}] Angstrom");

    private static string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
}
