namespace SPFusion.Cli.Explain;

/// <summary>
/// The spectral features below 5,500 Angstrom that He, Luo and Chen (2022, MNRAS 512, 1710) name as carrying red clump
/// mass and age information (CN, CH, Mg b, Fe and H-beta), marked on <c>spfusion explain</c>'s attribution maps. The
/// positions are the standard laboratory (air) wavelengths of these lines and band heads, and for Fe 5270 and Fe 5335
/// the centres of the Lick indices of those names; they are not taken from the paper or the authors' release. LAMOST's
/// grid is in vacuum wavelengths, so each position is converted to vacuum (about +1.2 to +1.5 Angstrom here, about one
/// pixel) before it is drawn. CN 3883 lies below the 4,000 Angstrom crop the network sees and is listed but not drawn.
/// </summary>
internal static class RedClumpLines
{
    /// <summary>One feature: its name, air wavelength in Angstrom, and the short label drawn on the map (empty: unlabelled, as for two of the Mg b triplet).</summary>
    public sealed record Line(string Name, double AirAngstrom, string Mark)
    {
        /// <summary>The vacuum wavelength, on LAMOST's grid.</summary>
        public double VacuumAngstrom => AirToVacuum(AirAngstrom);
    }

    /// <summary>The table, by wavelength.</summary>
    public static IReadOnlyList<Line> All { get; } =
    [
        new("CN 3883", 3883.0, "CN"),
        new("CN 4215", 4215.0, "CN"),
        new("CH G band 4300", 4300.3, "G"),
        new("H-beta 4861", 4861.33, "Hb"),
        new("Mg b 5167", 5167.32, ""),
        new("Mg b 5173", 5172.68, "Mg b"),
        new("Mg b 5184", 5183.60, ""),
        new("Fe 5270", 5270.0, "Fe"),
        new("Fe 5335", 5335.0, "Fe"),
    ];

    /// <summary>
    /// Air to vacuum with the refractive index of standard air (Morton 2000 / Ciddor 1996 form, as used by VALD and
    /// SDSS): n = 1 + 8.336624e-5 + 2.408927e-2 / (130.10659 - s^2) + 1.599741e-4 / (38.925688 - s^2), s = 10^4 / lambda.
    /// </summary>
    public static double AirToVacuum(double air)
    {
        double s2 = Math.Pow(1e4 / air, 2);
        double n = 1 + 8.336624212083e-5 + (2.408926869968e-2 / (130.1065924522 - s2)) + (1.599740894897e-4 / (38.92568793293 - s2));
        return air * n;
    }
}
