namespace SPFusion.Synthetic;

/// <summary>
/// Draws red clump labels that follow the physics the SPFusion paper relies on, so a model trained on the synthetic
/// survey learns a noisy but real mapping:
/// <list type="bullet">
/// <item>mass: ln M ~ N(ln 1.2, 0.22), kept in 0.8-2.5 Msun (most stars 1.0-1.4);</item>
/// <item>[Fe/H] ~ N(-0.1, 0.25), kept in -1.0..+0.5;</item>
/// <item>age = 7.5 Gyr (M/Msun)^-2.5 10^(0.15 [Fe/H]) 10^N(0, 0.06): main-sequence lifetime, longer for metal-rich stars;
/// draws outside 0.5-12 Gyr are redrawn;</item>
/// <item>Teff = 4720 - 250 [Fe/H] + 300 (M - 1.2) + N(0, 25) K, clamped to 4400-5300 K (more massive clump stars are hotter);</item>
/// <item>log g = 2.44 + 0.35 log10(M / 1.2) + N(0, 0.03), clamped to 2.3-2.6;</item>
/// <item>[C/Fe] = -0.05 - 0.5 (M - 1) + N(0, 0.04), [N/Fe] = 0.25 + 1.0 (M - 1) + N(0, 0.04) (first dredge-up, about
/// three times the observed slopes so that a few hundred stars carry a learnable mass signal);</item>
/// <item>[alpha/Fe] = 0.02 + 0.2 / (1 + exp(-(age - 8) / 1.5)) + N(0, 0.03) (old stars are alpha-rich).</item>
/// </list>
/// </summary>
public static class RedClumpLabelModel
{
    /// <summary>Lowest mass drawn (Msun).</summary>
    public const double MinMass = 0.8;

    /// <summary>Highest mass drawn (Msun).</summary>
    public const double MaxMass = 2.5;

    /// <summary>Youngest age kept (Gyr).</summary>
    public const double MinAge = 0.5;

    /// <summary>Oldest age kept (Gyr).</summary>
    public const double MaxAge = 12.0;

    /// <summary>Coolest Teff (K).</summary>
    public const double MinTeff = 4400;

    /// <summary>Hottest Teff (K).</summary>
    public const double MaxTeff = 5300;

    /// <summary>Lowest log g.</summary>
    public const double MinLogg = 2.3;

    /// <summary>Highest log g.</summary>
    public const double MaxLogg = 2.6;

    /// <summary>Draws one star's labels from <paramref name="rng"/> (a fixed number of draws per accepted star is not guaranteed: rejections redraw).</summary>
    public static RedClumpLabels Sample(Random rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        while (true)
        {
            double mass = Math.Exp(rng.NextGaussian(Math.Log(1.2), 0.22));
            if (mass is < MinMass or > MaxMass) continue;
            double feh = rng.NextGaussian(-0.1, 0.25);
            if (feh is < -1.0 or > 0.5) continue;
            double age = 7.5 * Math.Pow(mass, -2.5) * Math.Pow(10, (0.15 * feh) + rng.NextGaussian(0, 0.06));
            if (age is < MinAge or > MaxAge) continue;
            double teff = Math.Clamp(4720 - (250 * feh) + (300 * (mass - 1.2)) + rng.NextGaussian(0, 25), MinTeff, MaxTeff);
            double logg = Math.Clamp(2.44 + (0.35 * Math.Log10(mass / 1.2)) + rng.NextGaussian(0, 0.03), MinLogg, MaxLogg);
            double cfe = -0.05 - (0.50 * (mass - 1)) + rng.NextGaussian(0, 0.04);
            double nfe = 0.25 + (1.00 * (mass - 1)) + rng.NextGaussian(0, 0.04);
            double alpha = 0.02 + (0.2 / (1 + Math.Exp(-(age - 8) / 1.5))) + rng.NextGaussian(0, 0.03);
            return new RedClumpLabels(mass, age, feh, teff, logg, cfe, nfe, alpha);
        }
    }
}
