using System.Collections.Concurrent;
using SPFusion.Transforms.Images;

namespace SPFusion.Transforms.MLNet;

/// <summary>Process-wide frame caches, one per configured size, so every row and pipeline reuses decoded frames.</summary>
internal static class SharedFrameCaches
{
    private static readonly ConcurrentDictionary<long, FrameCache> Caches = new();

    public static FrameCache Get(long maxBytes) => Caches.GetOrAdd(maxBytes, static b => new FrameCache(b));
}
