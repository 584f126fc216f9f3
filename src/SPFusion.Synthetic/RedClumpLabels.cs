namespace SPFusion.Synthetic;

/// <summary>
/// The physical parameters of one synthetic red clump star. Mass, age, Teff, log g and [Fe/H] are the catalogue labels;
/// [C/Fe], [N/Fe] and [alpha/Fe] are hidden abundances that shape the spectrum and carry the mass and age signal, as
/// the first dredge-up ([C/N] falls with mass) and Galactic chemical evolution (old stars are alpha-rich) do in real stars.
/// </summary>
/// <param name="Mass">Stellar mass in solar masses (0.8-2.5).</param>
/// <param name="Age">Age in Gyr (0.5-12).</param>
/// <param name="FeH">[Fe/H] in dex.</param>
/// <param name="Teff">Effective temperature in K (4500-5000).</param>
/// <param name="Logg">Surface gravity log10(g / cm s^-2) (2.3-2.6).</param>
/// <param name="CFe">[C/Fe] after the first dredge-up (decreases with mass).</param>
/// <param name="NFe">[N/Fe] after the first dredge-up (increases with mass).</param>
/// <param name="AlphaFe">[alpha/Fe] (rises for old stars).</param>
public sealed record RedClumpLabels(double Mass, double Age, double FeH, double Teff, double Logg, double CFe, double NFe, double AlphaFe)
{
    /// <summary>[C/N], the dredge-up mass indicator that the CN and CH bands encode.</summary>
    public double CN => CFe - NFe;
}
