namespace SPFusion.Transforms.Images;

/// <summary>
/// A bounded, thread-safe, least-recently-used cache of decoded frames, so the many stars of one SDSS field decode its
/// frames once. Bounded by bytes and by frame count; a frame larger than the byte budget is still kept (alone), because
/// the caller needs it anyway. Concurrent requests for the same path share one decode.
/// </summary>
public sealed class FrameCache
{
    private readonly object _gate = new();
    private readonly Dictionary<string, LinkedListNode<Entry>> _map = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _lru = new(); // most recent first
    private readonly Func<string, SdssFrame> _loader;
    private long _bytes;

    /// <summary>Creates a cache.</summary>
    /// <param name="maxBytes">Byte budget for decoded pixels (default 512 MiB, about 40 SDSS frames).</param>
    /// <param name="maxFrames">Frame-count budget (default unbounded; the byte budget governs).</param>
    /// <param name="loader">Decodes a path (default <see cref="SdssFrameReader.Read"/>); tests substitute their own.</param>
    public FrameCache(long maxBytes = 512L << 20, int maxFrames = int.MaxValue, Func<string, SdssFrame>? loader = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1L);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFrames, 1);
        MaxBytes = maxBytes;
        MaxFrames = maxFrames;
        _loader = loader ?? SdssFrameReader.Read;
    }

    /// <summary>The byte budget.</summary>
    public long MaxBytes { get; }

    /// <summary>The frame-count budget.</summary>
    public int MaxFrames { get; }

    /// <summary>Frames currently held (decoded or being decoded).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
                return _map.Count;
        }
    }

    /// <summary>Bytes held by decoded frames.</summary>
    public long Bytes
    {
        get
        {
            lock (_gate)
                return _bytes;
        }
    }

    /// <summary>Number of decodes performed (misses), for diagnostics and tests.</summary>
    public long Loads => Interlocked.Read(ref _loads);

    private long _loads;

    /// <summary>The decoded frame for <paramref name="path"/>, decoding it on first use.</summary>
    public SdssFrame Get(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        Entry entry;
        lock (_gate)
        {
            if (_map.TryGetValue(path, out var node))
            {
                _lru.Remove(node);
                _lru.AddFirst(node);
                entry = node.Value;
            }
            else
            {
                entry = new Entry(path, new Lazy<SdssFrame>(() => Load(path), LazyThreadSafetyMode.ExecutionAndPublication));
                _map.Add(path, _lru.AddFirst(entry));
            }
        }

        SdssFrame frame;
        try
        {
            frame = entry.Frame.Value;
        }
        catch
        {
            // A failed decode must not stay cached; the next caller retries (and sees the error again).
            lock (_gate)
            {
                if (_map.TryGetValue(path, out var node) && ReferenceEquals(node.Value, entry))
                {
                    _map.Remove(path);
                    _lru.Remove(node);
                }
            }

            throw;
        }

        lock (_gate)
        {
            if (!entry.Counted && _map.TryGetValue(path, out var node) && ReferenceEquals(node.Value, entry))
            {
                entry.Counted = true;
                _bytes += frame.SizeInBytes;
                Evict(keep: entry);
            }
        }

        return frame;
    }

    /// <summary>Drops every frame.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _map.Clear();
            _lru.Clear();
            _bytes = 0;
        }
    }

    private SdssFrame Load(string path)
    {
        Interlocked.Increment(ref _loads);
        return _loader(path);
    }

    private void Evict(Entry keep)
    {
        var node = _lru.Last;
        while (node is not null && (_bytes > MaxBytes || _map.Count > MaxFrames))
        {
            var previous = node.Previous;
            var e = node.Value;
            if (!ReferenceEquals(e, keep) && (e.Counted || _map.Count > MaxFrames))
            {
                _lru.Remove(node);
                _map.Remove(e.Path);
                if (e.Counted)
                    _bytes -= e.Frame.Value.SizeInBytes;
            }

            node = previous;
        }
    }

    private sealed class Entry(string path, Lazy<SdssFrame> frame)
    {
        public string Path { get; } = path;

        public Lazy<SdssFrame> Frame { get; } = frame;

        public bool Counted { get; set; }
    }
}
