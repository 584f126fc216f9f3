using SPFusion.Tests.Support;

namespace SPFusion.Tests.Build;

/// <summary>The libraries work in the caller's MLContext: no library source creates one of its own.</summary>
public class LibraryContextTests
{
    [Theory]
    [InlineData("SPFusion.ML")]
    [InlineData("SPFusion.Transforms")]
    public void NoLibrarySourceCreatesAnMLContext(string library)
    {
        string root = Path.Combine(TestPaths.RepoRoot, "src", library);
        var offenders = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => File.ReadAllText(f).Contains("new MLContext(", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(TestPaths.RepoRoot, f))
            .ToList();
        Assert.Empty(offenders);
    }
}
