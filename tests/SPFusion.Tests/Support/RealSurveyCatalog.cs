using System.Globalization;
using SPFusion.Transforms.Catalogs;

namespace SPFusion.Tests.Support;

/// <summary>
/// The quick start's real-file catalogue (examples/QuickStart/real-survey/catalog.csv): every LAMOST spectrum in
/// tests/data (DR7, DR8 and DR10 layouts) paired with a calibObj star of SDSS field 4510-4-30 well inside its g/r/i
/// frames. The pairs are not the same stars (no shared file covers both surveys) and mass/age are test values, so this
/// exercises the real-file path, not astrophysics.
/// </summary>
internal sealed record RealSurveyCatalog(string Path, IReadOnlyList<RealSurveyCatalog.Star> Stars)
{
    public sealed record Star(long ObsId, double Ra, double Dec, string Spectrum, double Mass, double Age);

    public static readonly string FrameG = TestPaths.DataFile("sdss", "frame-g-004510-4-0030.fits.bz2");
    public static readonly string FrameR = TestPaths.DataFile("sdss", "frame-r-004510-4-0030.fits.bz2");
    public static readonly string FrameI = TestPaths.DataFile("sdss", "frame-i-004510-4-0030.fits.bz2");

    /// <summary>The LAMOST DR10 files in tests/data, in name order.</summary>
    public static IReadOnlyList<string> AllDr10() =>
        [.. Directory.GetFiles(System.IO.Path.Combine(TestPaths.Data, "lamost", "dr10"), "*.fits").Order(StringComparer.Ordinal)];

    /// <summary>The committed catalogue; its paths are relative to it and lead to tests/data.</summary>
    public static string Committed => System.IO.Path.Combine(TestPaths.RepoRoot, "examples", "QuickStart", "real-survey", "catalog.csv");

    /// <summary>Writes the first <paramref name="count"/> stars (all by default) as <c>catalog.csv</c> with absolute paths into <paramref name="directory"/>.</summary>
    public static RealSurveyCatalog Write(string directory, int? count = null)
    {
        var entries = SurveyCatalog.Read(Committed).Take(count ?? int.MaxValue).ToList();
        Assert.All(entries, e => Assert.True(File.Exists(e.SpectrumPath), $"reference data file missing: {e.SpectrumPath}"));
        Assert.All(entries, e => Assert.Equal([FrameG, FrameR, FrameI], new[] { e.GPath, e.RPath, e.IPath }));
        var stars = entries.Select(e => new Star(long.Parse(e.ObsId, CultureInfo.InvariantCulture), e.Ra, e.Dec, e.SpectrumPath, e.Mass!.Value, e.Age!.Value)).ToList();

        Directory.CreateDirectory(directory);
        string path = System.IO.Path.Combine(directory, "catalog.csv");
        var lines = new List<string> { "obsid,ra,dec,spectrum,g,r,i,mass,age" };
        lines.AddRange(stars.Select(s => string.Create(CultureInfo.InvariantCulture,
            $"{s.ObsId},{s.Ra:R},{s.Dec:R},{s.Spectrum},{FrameG},{FrameR},{FrameI},{s.Mass:R},{s.Age:R}")));
        File.WriteAllLines(path, lines);
        return new RealSurveyCatalog(path, stars);
    }
}
