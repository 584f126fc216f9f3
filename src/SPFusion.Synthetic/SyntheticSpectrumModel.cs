namespace SPFusion.Synthetic;

/// <summary>
/// Renders a LAMOST DR10 low-resolution spectrum of a red clump star on LAMOST's log-linear vacuum grid
/// (log10 lambda = 3.5682 + 1e-4 i, i = 0..3908, 3699.99-9099.13 Å, as in the real DR10 files):
/// a Planck continuum at Teff times a smooth instrument response and a per-star flux-calibration error; Gaussian
/// absorption lines (optical depth scaled by [Fe/H], [alpha/Fe], Teff and log g) and CN/CH bands scaled by the dredge-up
/// [C/Fe] and [N/Fe] (the mass signal); telluric O2 bands; Doppler shift; resolution R = 1800; photon noise with
/// sigma^2 = k flux / throughput, k set so the median g-band SNR equals the star's SNRG (the red arm's higher throughput
/// gives the larger SNRR/SNRI of real K giants); and, in a quarter of the spectra, a few masked pixels.
/// </summary>
internal static class SyntheticSpectrumModel
{
    /// <summary>log10 of the first pixel's wavelength (COEFF0 of the real files).</summary>
    public const double Coeff0 = 3.5682;

    /// <summary>log10 step per pixel (COEFF1).</summary>
    public const double Coeff1 = 1e-4;

    /// <summary>Pixels: every grid point up to 9100 Å.</summary>
    public static readonly int PixelCount = (int)Math.Floor((Math.Log10(9100) - Coeff0) / Coeff1) + 1;

    private const double Resolution = 1800;
    private const double SpeedOfLight = 299_792.458;
    private const double AirToVacuum = 1.000277;

    /// <summary>Filter windows (Å) for SNRU, SNRG, SNRR, SNRI, SNRZ.</summary>
    private static readonly (double Lo, double Hi)[] BandWindows = [(3700, 4000), (4000, 5500), (5500, 6900), (6900, 8400), (8400, 9100)];

    /// <summary>The grid wavelengths in Å.</summary>
    public static double[] Grid()
    {
        var w = new double[PixelCount];
        for (int i = 0; i < w.Length; i++) w[i] = Math.Pow(10, Coeff0 + (Coeff1 * i));
        return w;
    }

    /// <summary>Renders one star's spectrum; every random draw comes from <paramref name="rng"/>.</summary>
    public static SyntheticSpectrum Render(RedClumpLabels labels, double snrG, double magG, double radialVelocity, Random rng)
    {
        double[] wave = Grid();
        int n = wave.Length;
        double z = radialVelocity / SpeedOfLight;

        // Continuum: Planck at Teff x instrument response x calibration error (a smooth multiplicative polynomial, a few
        // per cent across the range, so colours and continuum slope still say something about Teff).
        double c1 = rng.NextGaussian(0, 0.04), c2 = rng.NextGaussian(0, 0.03);
        double scale = 500 * Math.Pow(10, -0.4 * (magG - 16)) * rng.NextUniform(0.7, 1.3);
        var continuum = new double[n];
        for (int i = 0; i < n; i++)
        {
            double x = (wave[i] - 6400) / 2700;
            continuum[i] = Planck(wave[i], labels.Teff) / Planck(5500, labels.Teff) * Response(wave[i]) * Math.Exp((c1 * x) + (c2 * x * x));
        }
        double gMedianContinuum = WindowMedian(continuum, wave, 4000, 5500);
        for (int i = 0; i < n; i++) continuum[i] *= scale / gMedianContinuum;

        var tau = new double[n];
        foreach (var f in SpectralFeatureList.All) AddFeature(tau, wave, f, labels, z);
        AddTelluric(tau, wave, rng.NextUniform(1.0, 1.6));

        var model = new double[n];
        for (int i = 0; i < n; i++) model[i] = continuum[i] * Math.Exp(-tau[i]);

        // Photon noise: sigma_i^2 = k F_i / T_i (T = detected counts per unit flux); k makes the median F/sigma over the
        // g window exactly SNRG.
        var counts = new double[n];
        for (int i = 0; i < n; i++) counts[i] = model[i] * Throughput(wave[i]);
        double k = WindowMedian(counts, wave, 4000, 5500) / (snrG * snrG);
        double floor = 0.05 * scale;
        var sigma = new double[n];
        for (int i = 0; i < n; i++) sigma[i] = Math.Sqrt(k * Math.Max(model[i], floor) / Throughput(wave[i]));

        var snr = new double[BandWindows.Length];
        var ratio = new double[n];
        for (int i = 0; i < n; i++) ratio[i] = model[i] / sigma[i];
        for (int b = 0; b < snr.Length; b++) snr[b] = WindowMedian(ratio, wave, BandWindows[b].Lo, BandWindows[b].Hi);

        var flux = new float[n];
        var ivar = new float[n];
        var norm = new float[n];
        var wl = new float[n];
        for (int i = 0; i < n; i++)
        {
            flux[i] = (float)(model[i] + (sigma[i] * rng.NextGaussian()));
            ivar[i] = (float)(1.0 / (sigma[i] * sigma[i]));
            norm[i] = (float)(flux[i] / continuum[i]);
            wl[i] = (float)wave[i];
        }

        var andMask = new float[n];
        var orMask = new float[n];
        if (rng.NextDouble() < 0.25) MaskPixels(rng, flux, ivar, norm, andMask, orMask, sigma, continuum);
        return new SyntheticSpectrum
        {
            Wavelength = wl,
            Flux = flux,
            Ivar = ivar,
            AndMask = andMask,
            OrMask = orMask,
            Normalization = norm,
            BandSnr = snr,
            Redshift = z,
        };
    }

    /// <summary>1-3 short runs of bad pixels (sky residuals, bad columns): flagged in ORMASK, IVAR = 0, flux spiked.</summary>
    private static void MaskPixels(Random rng, float[] flux, float[] ivar, float[] norm, float[] andMask, float[] orMask, double[] sigma, double[] continuum)
    {
        int runs = rng.Next(1, 4);
        float[] bits = [2, 4, 8];
        for (int r = 0; r < runs; r++)
        {
            int start = rng.Next(0, flux.Length - 4);
            int length = rng.Next(1, 5);
            float bit = bits[rng.Next(bits.Length)];
            bool allExposures = rng.NextDouble() < 0.5;
            for (int i = start; i < start + length; i++)
            {
                flux[i] += (float)(rng.NextUniform(3, 15) * sigma[i]);
                norm[i] = (float)(flux[i] / continuum[i]);
                ivar[i] = 0;
                orMask[i] = bit;
                if (allExposures) andMask[i] = bit;
            }
        }
    }

    private static void AddFeature(double[] tau, double[] wave, SpectralFeature f, RedClumpLabels s, double z)
    {
        double center = f.Wavelength * AirToVacuum * (1 + z);
        double dT = s.Teff - 4750;
        double strength = f.Kind switch
        {
            FeatureKind.Metal => Math.Pow(10, f.MetalSlope * s.FeH) * Math.Exp(-dT / 500),
            FeatureKind.Magnesium => Math.Pow(10, f.MetalSlope * (s.FeH + s.AlphaFe) + (0.3 * (s.Logg - 2.45))) * Math.Exp(-dT / 500),
            FeatureKind.CalciumTriplet => Math.Pow(10, (f.MetalSlope * (s.FeH + s.AlphaFe)) - (0.3 * (s.Logg - 2.45))) * Math.Exp(-dT / 700),
            FeatureKind.Balmer => Math.Exp(dT / 600),
            FeatureKind.Cyanogen => Math.Pow(10, s.FeH + s.CFe + s.NFe - 0.2) * Math.Exp(-dT / 250),
            _ => Math.Pow(10, s.FeH + s.CFe + 0.05) * Math.Exp(-dT / 400),
        };
        double t0 = f.Tau * strength;
        double instrument = center / (Resolution * 2.3548);
        double width = Math.Sqrt((instrument * instrument) + (f.Sigma * f.Sigma));
        if (f.BandWidth > 0)
        {
            // A band: head at 'center', exponential tail to the blue, the head blurred by the instrument.
            double lo = center - (8 * f.BandWidth);
            for (int i = IndexAtOrAbove(wave, lo); i < wave.Length && wave[i] < center + (5 * instrument); i++)
            {
                double d = center - wave[i];
                double tail = Math.Exp(-Math.Max(d, 0) / f.BandWidth);
                double head = 1 / (1 + Math.Exp(-d / instrument));
                tau[i] += t0 * tail * head;
            }
            return;
        }
        double reach = 5 * width;
        for (int i = IndexAtOrAbove(wave, center - reach); i < wave.Length && wave[i] < center + reach; i++)
        {
            double u = (wave[i] - center) / width;
            tau[i] += t0 * Math.Exp(-0.5 * u * u);
        }
    }

    /// <summary>O2 B (6867-6884 Å) and A (7594-7621 Å) bands, not Doppler shifted and scaled by airmass: a nuisance, not a label.</summary>
    private static void AddTelluric(double[] tau, double[] wave, double airmass)
    {
        for (int i = 0; i < wave.Length; i++)
        {
            double w = wave[i];
            if (w is > 6866 and < 6886) tau[i] += 0.12 * airmass;
            else if (w is > 7592 and < 7623) tau[i] += 0.35 * airmass * (1 - ((w - 7592) / 40));
        }
    }

    private static int IndexAtOrAbove(double[] wave, double w)
    {
        if (w <= wave[0]) return 0;
        return Math.Min(wave.Length, (int)Math.Ceiling((Math.Log10(w) - Coeff0) / Coeff1));
    }

    private static double Planck(double lambdaAngstrom, double teff)
    {
        double lambda = lambdaAngstrom * 1e-10;
        const double hcOverK = 0.014387769;
        return 1.0 / (Math.Pow(lambda, 5) * (Math.Exp(hcOverK / (lambda * teff)) - 1));
    }

    /// <summary>Smooth residual throughput of a flux-calibrated LAMOST spectrum: a falling blue end and a broad hump.</summary>
    private static double Response(double w) =>
        (0.8 + (0.2 * Math.Exp(-0.5 * Math.Pow((w - 6000) / 1800, 2)))) * (1 - (0.5 * Math.Exp(-(w - 3650) / 250)));

    /// <summary>
    /// Relative detected counts per unit calibrated flux of LAMOST's blue and red arms (log-linear between knots), chosen so
    /// a K giant's SNRU : SNRG : SNRR : SNRI : SNRZ come out near the 0.1 : 1 : 2.3 : 3 : 2.4 of real DR10 K giants.
    /// </summary>
    private static double Throughput(double w)
    {
        ReadOnlySpan<double> knots = [3700, 4000, 4500, 5000, 5500, 6000, 6500, 7500, 8500, 9100];
        ReadOnlySpan<double> values = [0.01, 0.15, 0.7, 1.0, 1.6, 3.5, 5.0, 6.5, 5.5, 3.5];
        if (w <= knots[0]) return values[0];
        for (int j = 1; j < knots.Length; j++)
        {
            if (w <= knots[j])
            {
                double t = (w - knots[j - 1]) / (knots[j] - knots[j - 1]);
                return Math.Exp(((1 - t) * Math.Log(values[j - 1])) + (t * Math.Log(values[j])));
            }
        }
        return values[^1];
    }

    private static double WindowMedian(double[] values, double[] wave, double lo, double hi)
    {
        var selected = new List<double>();
        for (int i = 0; i < wave.Length; i++)
        {
            if (wave[i] >= lo && wave[i] < hi) selected.Add(values[i]);
        }
        selected.Sort();
        return selected[selected.Count / 2];
    }
}
