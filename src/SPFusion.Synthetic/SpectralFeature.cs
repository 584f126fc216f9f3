namespace SPFusion.Synthetic;

/// <summary>What sets a feature's strength in <see cref="SyntheticSpectrumModel"/>.</summary>
internal enum FeatureKind
{
    /// <summary>Neutral/ionised metal line: stronger for metal-rich and cooler stars.</summary>
    Metal,

    /// <summary>Magnesium (alpha element) line: also scales with [alpha/Fe] and gravity (Mg b wings).</summary>
    Magnesium,

    /// <summary>Ca II triplet: metal line that weakens with gravity.</summary>
    CalciumTriplet,

    /// <summary>Balmer line: stronger for hotter stars, insensitive to metals.</summary>
    Balmer,

    /// <summary>CN band: scales with carbon times nitrogen, the dredge-up mass signal.</summary>
    Cyanogen,

    /// <summary>CH G band: scales with carbon only.</summary>
    CarbonHydride,
}

/// <summary>
/// One absorption feature at rest (air wavelengths in Å; the model converts to vacuum as LAMOST spectra are).
/// Lines are Gaussian in optical depth; bands (<see cref="BandWidth"/> &gt; 0) have a sharp head at <see cref="Wavelength"/>
/// and fade exponentially towards the blue, as the CN and CH bands of cool giants do.
/// </summary>
/// <param name="Wavelength">Line centre or band head (Å, air).</param>
/// <param name="Tau">Central optical depth for a solar-metallicity 4750 K star.</param>
/// <param name="Sigma">Intrinsic Gaussian width (Å), added in quadrature to the instrumental width.</param>
/// <param name="MetalSlope">d log10(tau) / d [X/H]: 1 for weak lines, smaller for saturated ones.</param>
/// <param name="Kind">What else changes the strength.</param>
/// <param name="BandWidth">e-folding length of a band towards the blue (Å); 0 for a line.</param>
internal readonly record struct SpectralFeature(double Wavelength, double Tau, double Sigma, double MetalSlope, FeatureKind Kind, double BandWidth = 0);

/// <summary>The features of a K giant spectrum between 3700 and 9100 Å used by the generator.</summary>
internal static class SpectralFeatureList
{
    /// <summary>A continuum window (Å, vacuum) that holds no features at any drawn radial velocity, for noise checks.</summary>
    public const double QuietWindowStart = 4440, QuietWindowEnd = 4840;

    private static readonly double[] IronLines =
    [
        4045.81, 4063.59, 4071.74, 4132.06, 4271.76, 4383.55, 4404.75, 4415.12, 4891.49, 4919.00, 4957.60, 5079.22,
        5227.19, 5232.94, 5269.54, 5324.18, 5328.04, 5341.02, 5371.49, 5397.13, 5405.77, 5429.70, 5446.92, 5455.61,
        5506.78, 5586.76, 5615.64, 6137.69, 6191.56, 6230.72, 6252.56, 6393.60, 6400.00, 6421.35, 6494.98, 6678.00,
        7511.02, 8327.05, 8387.77, 8688.62, 8824.22,
    ];

    /// <summary>All features.</summary>
    public static IReadOnlyList<SpectralFeature> All { get; } = Build();

    private static SpectralFeature[] Build()
    {
        var list = new List<SpectralFeature>
        {
            new(3883.0, 0.55, 0, 1, FeatureKind.Cyanogen, 25),
            new(4216.0, 0.28, 0, 1, FeatureKind.Cyanogen, 30),
            new(4314.0, 0.40, 0, 1, FeatureKind.CarbonHydride, 12),
            new(6925.0, 0.10, 0, 1, FeatureKind.Cyanogen, 30),
            new(7088.0, 0.12, 0, 1, FeatureKind.Cyanogen, 30),
            new(7875.0, 0.15, 0, 1, FeatureKind.Cyanogen, 35),
            new(8067.0, 0.12, 0, 1, FeatureKind.Cyanogen, 35),
            new(3933.66, 3.0, 6.0, 0.4, FeatureKind.Metal),
            new(3968.47, 2.6, 6.0, 0.4, FeatureKind.Metal),
            new(4226.73, 1.2, 1.5, 0.7, FeatureKind.Metal),
            new(4101.74, 0.6, 2.0, 0, FeatureKind.Balmer),
            new(4340.47, 0.7, 2.0, 0, FeatureKind.Balmer),
            new(4861.33, 0.9, 2.2, 0, FeatureKind.Balmer),
            new(6562.80, 1.3, 2.5, 0, FeatureKind.Balmer),
            new(5167.32, 1.0, 1.2, 0.6, FeatureKind.Magnesium),
            new(5172.68, 1.3, 1.2, 0.6, FeatureKind.Magnesium),
            new(5183.60, 1.5, 1.2, 0.6, FeatureKind.Magnesium),
            new(5889.95, 1.2, 1.0, 0.7, FeatureKind.Metal),
            new(5895.92, 1.0, 1.0, 0.7, FeatureKind.Metal),
            new(8498.02, 0.8, 2.0, 0.4, FeatureKind.CalciumTriplet),
            new(8542.09, 1.3, 2.0, 0.4, FeatureKind.CalciumTriplet),
            new(8662.14, 1.1, 2.0, 0.4, FeatureKind.CalciumTriplet),
        };
        for (int k = 0; k < IronLines.Length; k++)
        {
            // Deterministic spread of strengths 0.15-0.45 so the lines are not all alike.
            double tau = 0.15 + (0.3 * (((k * 7) + 3) % 11) / 10.0);
            list.Add(new SpectralFeature(IronLines[k], tau, 0.3, 1.0, FeatureKind.Metal));
        }
        return [.. list];
    }
}
