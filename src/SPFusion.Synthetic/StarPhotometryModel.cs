namespace SPFusion.Synthetic;

/// <summary>
/// Apparent g, r, i magnitudes of a synthetic red clump star. The spectrum's g-band SNR is drawn first (log-uniform
/// 5-150, as in the LAMOST red clump sample) and sets the apparent brightness (brighter stars get better spectra); the
/// colours follow Teff and [Fe/H] with a little intrinsic scatter and interstellar reddening, so the images pin down
/// Teff/[Fe/H] even when the spectrum is too noisy to.
/// </summary>
internal static class StarPhotometryModel
{
    /// <summary>Lowest spectral SNR in g drawn.</summary>
    public const double MinSnrG = 5;

    /// <summary>Highest spectral SNR in g drawn.</summary>
    public const double MaxSnrG = 150;

    /// <summary>Absolute g magnitude of the red clump: brighter for metal-poor stars.</summary>
    public static double AbsoluteG(RedClumpLabels labels) => 1.0 + (0.3 * labels.FeH);

    /// <summary>Draws magnitudes for a star whose spectrum has g-band SNR <paramref name="snrG"/>.</summary>
    public static (double G, double R, double I, double DistanceModulus, double ReddeningGR) Sample(RedClumpLabels labels, double snrG, Random rng)
    {
        // log10 SNR ~ 0.32 per magnitude: between sky- and photon-limited LAMOST exposures.
        double g = 17.8 - (2.5 / 0.8 * Math.Log10(snrG / MinSnrG)) + rng.NextGaussian(0, 0.15);
        double dTeff = labels.Teff - 4750;
        double ebv = -0.03 * Math.Log(1.0 - rng.NextDouble());
        double gr = 0.66 - (0.00090 * dTeff) + (0.07 * labels.FeH) + rng.NextGaussian(0, 0.01) + ebv;
        double ri = 0.22 - (0.00030 * dTeff) + (0.02 * labels.FeH) + rng.NextGaussian(0, 0.01) + (0.6 * ebv);
        return (g, g - gr, g - gr - ri, g - AbsoluteG(labels) - (3.3 * ebv), ebv);
    }
}
