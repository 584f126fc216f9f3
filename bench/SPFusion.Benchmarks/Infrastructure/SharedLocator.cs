namespace SPFusion.Benchmarks.Infrastructure;

/// <summary>Finds ../shared beside the repository (the folder holding SPFusion.ML.sln).</summary>
internal static class SharedLocator
{
    public static string Find()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "SPFusion.ML.sln")))
                {
                    string shared = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared"));
                    if (Directory.Exists(shared)) return shared;
                }
            }
        }

        throw new DirectoryNotFoundException("../shared not found beside the repository; pass --shared DIR");
    }
}
