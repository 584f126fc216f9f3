namespace SPFusion.Tests.Support;

/// <summary>A scored star with sigmas, under the evaluator's default column names.</summary>
public sealed class SigmaRow
{
    public float Mass { get; set; }
    public float Age { get; set; }
    public float PredictedMass { get; set; }
    public float PredictedAge { get; set; }
    public float Snr { get; set; }
    public float MassSigma { get; set; }
    public float AgeSigma { get; set; }
}

/// <summary>Constructed residuals for the uncertainty tests: known true spreads, and sigmas that claim a chosen multiple of them.</summary>
public static class SigmaRows
{
    /// <summary>
    /// <paramref name="n"/> stars whose residuals are drawn from N(0, s) with s growing as the SNR falls (so sigma depends on
    /// the SNR, as on a survey), and whose sigma columns claim <paramref name="massSigmaFactor"/> s and <paramref name="ageSigmaFactor"/> s.
    /// </summary>
    public static SigmaRow[] Gaussian(int n, int seed, double massSigmaFactor = 1, double ageSigmaFactor = 1)
    {
        var rng = new Random(seed);
        var rows = new SigmaRow[n];
        for (int i = 0; i < n; i++)
        {
            float snr = (float)(5 + 145 * rng.NextDouble());
            double sMass = 0.02 + 2.0 / snr, sAge = 0.3 + 30.0 / snr;
            float mass = (float)(0.8 + rng.NextDouble()), age = (float)(1 + 10 * rng.NextDouble());
            rows[i] = new SigmaRow
            {
                Mass = mass,
                Age = age,
                Snr = snr,
                PredictedMass = (float)(mass + sMass * Normal(rng)),
                PredictedAge = (float)(age + sAge * Normal(rng)),
                MassSigma = (float)(massSigmaFactor * sMass),
                AgeSigma = (float)(ageSigmaFactor * sAge),
            };
        }
        return rows;
    }

    /// <summary>A standard normal draw (Box-Muller).</summary>
    public static double Normal(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
