namespace SPFusion.Synthetic;

/// <summary>Sampling helpers on <see cref="Random"/>; every draw goes through a seeded instance so runs are reproducible.</summary>
internal static class RandomExtensions
{
    /// <summary>A standard normal deviate (Box-Muller; one uniform pair per call keeps the draw sequence simple to reason about).</summary>
    public static double NextGaussian(this Random rng)
    {
        double u1 = 1.0 - rng.NextDouble();
        double u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>A normal deviate with the given mean and standard deviation.</summary>
    public static double NextGaussian(this Random rng, double mean, double sigma) => mean + (sigma * rng.NextGaussian());

    /// <summary>Uniform on [min, max).</summary>
    public static double NextUniform(this Random rng, double min, double max) => min + ((max - min) * rng.NextDouble());

    /// <summary>Log-uniform on [min, max).</summary>
    public static double NextLogUniform(this Random rng, double min, double max) =>
        Math.Exp(rng.NextUniform(Math.Log(min), Math.Log(max)));

    /// <summary>Fills <paramref name="target"/> with standard normal deviates, two per uniform pair (the frames need millions).</summary>
    public static void FillGaussian(this Random rng, Span<float> target)
    {
        int i = 0;
        while (i < target.Length)
        {
            double u1 = 1.0 - rng.NextDouble();
            double u2 = 2.0 * Math.PI * rng.NextDouble();
            double r = Math.Sqrt(-2.0 * Math.Log(u1));
            target[i++] = (float)(r * Math.Cos(u2));
            if (i < target.Length) target[i++] = (float)(r * Math.Sin(u2));
        }
    }
}
