using Microsoft.ML;
using SPFusion.ML.Training;
using SPFusion.Tests.Support;

namespace SPFusion.Tests.Training;

/// <summary>The on-disk row cache leaves no file behind, even if the process is killed while it is open.</summary>
public sealed class RowCacheFileTests : IDisposable
{
    private readonly TempFolder _temp = new("spfusion-rowcache");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void TheCacheFileHasNoNameWhileOpenOnUnixAndIsGoneAfterDispose()
    {
        var ml = new MLContext(seed: 1);
        var rows = LearnableStars.Create(6, seed: 71);
        using (var cache = StarRowCache.Build(ml.Data.LoadFromEnumerable(rows), new TrainingColumns(), withPhotometry: true,
            InvalidRowHandling.Fail, _temp.Path, [], CancellationToken.None))
        {
            // Windows cannot delete an open file; there the cache is deleted on close.
            if (!OperatingSystem.IsWindows()) Assert.Empty(Directory.EnumerateFileSystemEntries(_temp.Path));
            // The unnamed file still holds the rows.
            Assert.Equal(6, cache.Count);
            Assert.Equal(rows.Average(r => (double)r.Mass), cache.LabelMeans().Mass, 1e-5);
        }
        Assert.Empty(Directory.EnumerateFileSystemEntries(_temp.Path));
    }
}
