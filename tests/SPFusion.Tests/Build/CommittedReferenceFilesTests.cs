using System.Security.Cryptography;
using SPFusion.Tests.Support;

namespace SPFusion.Tests.Build;

/// <summary>A fresh clone is complete: the published weights and the real test files are the committed copies, and nothing reads beside the checkout.</summary>
public class CommittedReferenceFilesTests
{
    /// <summary>The authors' release, as ARCHITECTURE.md and models/LICENSE-spfusion-published.txt record it.</summary>
    private const string PublishedSha256 = "6d90a0cf5512cbe4fee40003214776d4ec10abfd4da0af7ef558cc93dac5b098";

    [Fact]
    public void ThePublishedWeightsAreTheAuthorsReleaseByteForByte()
    {
        using var stream = File.OpenRead(TestPaths.PublishedOnnx);
        Assert.Equal(PublishedSha256, Convert.ToHexStringLower(SHA256.HashData(stream)));
        string notice = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "models", "LICENSE-spfusion-published.txt"));
        Assert.Contains("MIT License", notice);
        Assert.Contains(PublishedSha256, notice);
    }

    [Fact]
    public void EveryFileTheSourcesTableNamesIsCommitted()
    {
        string[] expected =
        [
            "lamost/spec-55859-F5902_sp01-001_dr7.fits.gz", "lamost/spec-55859-F5902_sp01-013_dr8.fits.gz",
            "sdss/calibObj-004510-4-star.fits.gz",
            .. from band in new[] { "g", "r", "i" } from field in new[] { "004510-4-0030", "008162-6-0080" }
               select $"sdss/frame-{band}-{field}.fits.bz2",
            .. new[] { "sip.fits", "sip2.fits", "irac_sip.hdr", "siponly.hdr", "1904-66_TAN.hdr", "dss.14.29.56-62.41.05.fits.gz" }.Select(f => "wcs/" + f),
            .. new[] { "arange", "blank", "btable", "scale", "table", "tb", "tdim" }.Select(f => $"fits/{f}.fits"),
        ];
        foreach (string file in expected) TestPaths.DataFile(file.Split('/'));
        Assert.Equal(25, Directory.GetFiles(Path.Combine(TestPaths.Data, "lamost", "dr10"), "*.fits").Length);
    }

    [Fact]
    public void NothingInTheRepositoryRefersToFilesBesideTheCheckout()
    {
        string needle = "../" + "shared"; // split so this file does not match itself
        string[] skipped = ["bin", "obj", ".git", "data"];
        var offenders = Directory.EnumerateFiles(TestPaths.RepoRoot, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(TestPaths.RepoRoot, f).Split(Path.DirectorySeparatorChar).Any(skipped.Contains))
            .Where(f => new FileInfo(f).Length < 4_000_000 && !f.EndsWith(".onnx", StringComparison.Ordinal))
            .Where(f => File.ReadAllText(f).Contains(needle, StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(TestPaths.RepoRoot, f))
            .ToList();
        Assert.True(offenders.Count == 0, "files referring to " + needle + ": " + string.Join(", ", offenders));
    }
}
