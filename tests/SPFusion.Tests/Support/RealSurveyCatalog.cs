using System.Globalization;
using SPFusion.Tests.Wcs;

namespace SPFusion.Tests.Support;

/// <summary>
/// A catalogue of the real survey files in ../shared/data: every LAMOST spectrum there (DR7, DR8/DR9 and DR10
/// layouts) paired with a calibObj star of SDSS field 4510-4-30 well inside its g/r/i frames. The pairs are not the same
/// stars (no shared file covers both surveys) and mass/age are test values, so this exercises the real-file path,
/// not astrophysics.
/// </summary>
internal sealed record RealSurveyCatalog(string Path, IReadOnlyList<RealSurveyCatalog.Star> Stars)
{
    public sealed record Star(long ObsId, double Ra, double Dec, string Spectrum, double Mass, double Age);

    public static readonly string FrameG = TestPaths.DataFile("sdss", "frame-g-004510-4-0030.fits.bz2");
    public static readonly string FrameR = TestPaths.DataFile("sdss", "frame-r-004510-4-0030.fits.bz2");
    public static readonly string FrameI = TestPaths.DataFile("sdss", "frame-i-004510-4-0030.fits.bz2");

    /// <summary>All LAMOST spectra in the shared data: the two compressed DR7/DR8 files, then DR10 in name order.</summary>
    public static IReadOnlyList<string> AllSpectra() =>
    [
        TestPaths.DataFile("lamost", "spec-55859-F5902_sp01-001_dr7.fits.gz"),
        TestPaths.DataFile("lamost", "spec-55859-F5902_sp01-013_dr8.fits.gz"),
        .. Directory.GetFiles(System.IO.Path.Combine(TestPaths.Data, "lamost", "dr10"), "*.fits").Order(StringComparer.Ordinal),
    ];

    /// <summary>Writes <c>catalog.csv</c> for the first <paramref name="count"/> spectra (all by default) into <paramref name="directory"/>.</summary>
    public static RealSurveyCatalog Write(string directory, int? count = null)
    {
        var spectra = AllSpectra().Take(count ?? int.MaxValue).ToList();
        var positions = CalibObjStar.Field(30)
            .Where(s => s.Colc[1] > 150 && s.Colc[1] < 1900 && s.Rowc[1] > 150 && s.Rowc[1] < 1340)
            .Take(spectra.Count).ToList();
        if (positions.Count < spectra.Count) throw new InvalidOperationException($"field 30 has only {positions.Count} interior calibObj stars");
        var stars = spectra.Select((spectrum, k) => new Star(1000 + k, positions[k].Ra, positions[k].Dec, spectrum, 1.0 + 0.05 * k, 2.0 + 0.3 * k)).ToList();

        Directory.CreateDirectory(directory);
        string path = System.IO.Path.Combine(directory, "catalog.csv");
        var lines = new List<string> { "obsid,ra,dec,spectrum,g,r,i,mass,age" };
        lines.AddRange(stars.Select(s => string.Create(CultureInfo.InvariantCulture,
            $"{s.ObsId},{s.Ra:R},{s.Dec:R},{s.Spectrum},{FrameG},{FrameR},{FrameI},{s.Mass:R},{s.Age:R}")));
        File.WriteAllLines(path, lines);
        return new RealSurveyCatalog(path, stars);
    }
}
