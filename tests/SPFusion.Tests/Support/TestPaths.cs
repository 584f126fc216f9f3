namespace SPFusion.Tests.Support;

/// <summary>Locations of the repository and of the real files committed in it (tests/data, models).</summary>
internal static class TestPaths
{
    /// <summary>The repository root (the folder holding SPFusion.ML.sln).</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>tests/data: the real LAMOST, SDSS, WCS and FITS files (provenance in SOURCES.md there).</summary>
    public static string Data => Path.Combine(RepoRoot, "tests", "data");

    /// <summary>A file under tests/data; fails the test (never skips) when it is missing.</summary>
    public static string DataFile(params string[] parts)
    {
        string path = Path.Combine([Data, .. parts]);
        Assert.True(File.Exists(path), $"reference data file missing: {path}");
        return path;
    }

    /// <summary>The authors' published ONNX model, committed in models/.</summary>
    public static string PublishedOnnx
    {
        get
        {
            string path = Path.Combine(RepoRoot, "models", "spfusion-published.onnx");
            Assert.True(File.Exists(path), $"published model missing: {path}");
            return path;
        }
    }

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SPFusion.ML.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("SPFusion.ML.sln not found above " + AppContext.BaseDirectory);
    }
}
