namespace SPFusion.Transforms.Catalogs;

/// <summary>A catalogue star whose spectrum and cut-outs could be prepared.</summary>
/// <param name="Entry">The catalogue row.</param>
/// <param name="CroppedWavelength">Cropped wavelengths (Angstrom), not padded.</param>
/// <param name="CroppedFlux">Cropped flux, not normalised.</param>
/// <param name="Spectrum">The network's spectrum input (3,584 samples in [0,1]).</param>
/// <param name="RawPhotometry">Aligned g, r, i cut-outs in nanomaggies, 3 x 128 x 128.</param>
/// <param name="Photometry">The network's photometric input (each band min-max normalised).</param>
/// <param name="SpectrumSnrG">SNRG from the spectrum's header.</param>
public sealed record PreparedStar(
    SurveyCatalogEntry Entry, double[] CroppedWavelength, float[] CroppedFlux, float[] Spectrum,
    float[] RawPhotometry, float[] Photometry, double SpectrumSnrG)
{
    /// <summary>The catalogue's SNR, else the spectrum header's SNRG.</summary>
    public double Snr => Entry.Snr ?? SpectrumSnrG;
}
