namespace SPFusion.Transforms.Spectra;

/// <summary>
/// The result of preparing one spectrum: the cropped physical spectrum (for plots and the authors' .npy layout)
/// and the normalised, padded network input.
/// </summary>
/// <param name="Wavelength">Cropped wavelengths on LAMOST's grid, Angstrom.</param>
/// <param name="Flux">Cropped flux, not normalised (after bad-pixel bridging when enabled).</param>
/// <param name="Input">Min-max normalised flux, zero padded to the configured length.</param>
/// <param name="LeftPad">Zeros before the first flux sample in <paramref name="Input"/>.</param>
/// <param name="Resampled">True when the file was not on LAMOST's grid and was interpolated onto it.</param>
public sealed record PreparedSpectrum(double[] Wavelength, float[] Flux, float[] Input, int LeftPad, bool Resampled);
