using SPFusion.Transforms.Images;
using SPFusion.Transforms.Wcs;

namespace SPFusion.Tests.Images;

public class FrameCacheTests
{
    private static readonly TanWcs Wcs = new(5, 5, 180, 0, new[,] { { -1e-4, 0 }, { 0, 1e-4 } });

    // 10 x 10 frames: 400 bytes of pixels + 1024 bookkeeping = 1424 bytes each.
    private static SdssFrame Fake(string path) => new(path, "g", 10, 10, new float[100], Wcs);

    [Fact]
    public void RepeatedRequestsDecodeOnce()
    {
        var cache = new FrameCache(loader: Fake);
        var a = cache.Get("a");
        Assert.Same(a, cache.Get("a"));
        Assert.Equal(1, cache.Loads);
        Assert.Equal(1424, cache.Bytes);
    }

    [Fact]
    public void LeastRecentlyUsedFrameIsEvictedByBytes()
    {
        var cache = new FrameCache(maxBytes: 3 * 1424, loader: Fake);
        cache.Get("a");
        cache.Get("b");
        cache.Get("c");
        cache.Get("a"); // a is now the most recent; b is the oldest
        cache.Get("d");
        Assert.Equal(3, cache.Count);
        Assert.Equal(3 * 1424, cache.Bytes);
        long loads = cache.Loads;
        cache.Get("a");
        cache.Get("c");
        cache.Get("d");
        Assert.Equal(loads, cache.Loads);
        cache.Get("b");
        Assert.Equal(loads + 1, cache.Loads);
    }

    [Fact]
    public void FrameCountBoundsTheCache()
    {
        var cache = new FrameCache(maxFrames: 2, loader: Fake);
        cache.Get("a");
        cache.Get("b");
        cache.Get("c");
        Assert.Equal(2, cache.Count);
        cache.Get("b");
        cache.Get("c");
        Assert.Equal(3, cache.Loads);
        cache.Get("a");
        Assert.Equal(4, cache.Loads);
    }

    [Fact]
    public void AFrameLargerThanTheBudgetIsStillServed()
    {
        var cache = new FrameCache(maxBytes: 100, loader: Fake);
        Assert.NotNull(cache.Get("a"));
        Assert.NotNull(cache.Get("b"));
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void ConcurrentRequestsShareOneDecode()
    {
        int decodes = 0;
        var cache = new FrameCache(loader: p =>
        {
            Interlocked.Increment(ref decodes);
            Thread.Sleep(20);
            return Fake(p);
        });
        var frames = new SdssFrame[16];
        Parallel.For(0, frames.Length, k => frames[k] = cache.Get(k % 2 == 0 ? "even" : "odd"));
        Assert.Equal(2, decodes);
        Assert.All(frames.Where((_, k) => k % 2 == 0), f => Assert.Same(frames[0], f));
    }

    [Fact]
    public void FailedDecodesAreNotCached()
    {
        int calls = 0;
        var cache = new FrameCache(loader: p =>
        {
            calls++;
            throw new InvalidDataException($"{p}: broken");
        });
        Assert.Throws<InvalidDataException>(() => cache.Get("x"));
        Assert.Throws<InvalidDataException>(() => cache.Get("x"));
        Assert.Equal(2, calls);
        Assert.Equal(0, cache.Count);
    }
}
