namespace SPFusion.Benchmarks.Infrastructure;

/// <summary>Finds the repository root (the folder holding SPFusion.ML.sln), for files the benchmark ships itself.</summary>
internal static class RepoLocator
{
    public static string Find()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "SPFusion.ML.sln"))) return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("SPFusion.ML.sln not found above the current or the program's directory");
    }
}
