using System.Buffers;

namespace SPFusion.Transforms.Fits.Bzip2;

/// <summary>
/// The decompressed bytes of an indexed bzip2 file as a forward-only stream that decodes blocks in parallel, ahead of
/// the reader. A block's decompressed offset is known only once every block before it is decoded, so reaching offset X
/// decodes all blocks up to the one holding X (in parallel, since their compressed starts are known):
/// <see cref="ExpectThrough"/> tells the stream how far the reader will go, so read-ahead covers that and stops there.
/// Without it the stream reads one block per core ahead, so up to (cores - 1) blocks past where a reader stops may be
/// decoded (and dropped). Each decoded block's
/// CRC is checked; the stream's combined CRC is checked only when the last block is decoded, so a reader that stops
/// early gets no whole-stream check. Errors are <see cref="InvalidDataException"/> naming the block number and its bit
/// offset (the owner adds the file name).
/// </summary>
internal sealed class Bzip2BlockStream : Stream
{
    private readonly Bzip2BlockIndex _index;
    private readonly int _parallelism;
    private readonly Queue<Bzip2DecodedBlock> _ready = new();
    private readonly Dictionary<int, Task<(Bzip2DecodedBlock? Block, Exception? Error)>> _running = [];
    private int _launched;           // candidates below this have been started on the thread pool (or passed)
    private Bzip2DecodedBlock? _current;
    private int _currentOffset;
    private int _candidate;          // index in _index.Candidates of the next real block
    private int _blockNumber;        // real blocks decoded so far
    private long _produced;          // decompressed bytes handed to _ready so far
    private long _position;          // decompressed bytes read by the consumer
    private long _expectedEnd = -1;  // the consumer's announced end, or -1
    private uint _combined;
    private bool _finished;

    public Bzip2BlockStream(Bzip2BlockIndex index, int? parallelism = null)
    {
        _index = index;
        _parallelism = Math.Max(1, parallelism ?? Environment.ProcessorCount);
        _finished = index.Candidates.Length == 0;
        if (_finished) CheckCombinedCrc();
    }

    /// <summary>Real blocks decoded so far (for tests and the benchmark).</summary>
    public int BlocksDecoded => _blockNumber;

    /// <summary>The reader will read up to decompressed offset <paramref name="end"/> (exclusive) next, so decoding
    /// batches are sized to reach it rather than a fixed number of blocks.</summary>
    public void ExpectThrough(long end) => _expectedEnd = end;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            if (_current is null || _currentOffset == _current.Length)
            {
                if (_current is not null) ArrayPool<byte>.Shared.Return(_current.Bytes);
                _current = null;
                if (_ready.Count == 0)
                {
                    if (_finished) break;
                    DecodeNext();
                    continue;
                }

                _current = _ready.Dequeue();
                _currentOffset = 0;
                continue;
            }

            int n = Math.Min(buffer.Length - total, _current.Length - _currentOffset);
            _current.Bytes.AsSpan(_currentOffset, n).CopyTo(buffer[total..]);
            _currentOffset += n;
            total += n;
        }

        _position += total;
        return total;
    }

    // Decodes the next real block, first starting (on the thread pool) every block up to the read-ahead limit: the blocks
    // the announced end needs, else one per core. The consumer waits only for the block it needs next, so a block that
    // is slow (or whose thread is descheduled on a busy machine) holds up nothing decoded after it.
    private void DecodeNext()
    {
        var candidates = _index.Candidates;
        int ahead = _parallelism;
        if (_expectedEnd > _produced)
        {
            double perBlock = _blockNumber > 0 ? (double)_produced / _blockNumber : _index.MaxBlockSize;
            ahead = Math.Max(1, (int)Math.Ceiling((_expectedEnd - _produced) / Math.Max(perBlock, 1)));
        }

        // Bounds the decoded bytes held at once (a huge expected read still goes block by block).
        ahead = Math.Min(ahead, Math.Max(8 * _parallelism, 16));
        int limit = Math.Min(candidates.Length, _candidate + ahead);
        _launched = Math.Max(_launched, _candidate);
        if (_parallelism > 1)
        {
            for (; _launched < limit; _launched++)
            {
                int c = _launched;
                _running[c] = Task.Run(() => DecodeCandidate(c));
            }
        }

        long start = candidates[_candidate];
        var (block, error) = _running.Remove(_candidate, out var task) ? task.Result : DecodeCandidate(_candidate);
        if (block is null)
            throw new InvalidDataException($"bzip2 block {_blockNumber} (compressed bit offset {start}): {error!.Message}", error);
        _ready.Enqueue(block);
        _produced += block.Length;
        _combined = Bzip2Crc.Combine(_combined, block.Crc);
        _blockNumber++;
        int from = _candidate + 1;
        if (block.EndBit == _index.EndBit)
        {
            _candidate = candidates.Length;
            _finished = true;
            Discard(from, candidates.Length);
            CheckCombinedCrc();
            return;
        }

        int next = Array.BinarySearch(candidates, from, candidates.Length - from, block.EndBit);
        if (next < 0)
        {
            throw new InvalidDataException(
                $"bzip2 block {_blockNumber - 1} (compressed bit offset {start}) ends at bit {block.EndBit}, where neither a block nor the end-of-stream magic starts");
        }

        Discard(from, next); // false magic matches inside this block
        _candidate = next;
    }

    private (Bzip2DecodedBlock? Block, Exception? Error) DecodeCandidate(int candidate)
    {
        try
        {
            return (Bzip2BlockDecoder.Decode(_index.Data, _index.Candidates[candidate], _index.MaxBlockSize), null);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A false magic match inside another block's data fails here, in whatever way its garbage leads to; only
            // errors on the chain of real blocks count, and those are reported as damage.
            return (null, ex);
        }
    }

    // Blocks started but not wanted (false starts, or read-ahead past where the reader stopped) give their buffers back
    // when they finish; nobody waits for them.
    private void Discard(int from, int to)
    {
        foreach (int c in _running.Keys.Where(k => k >= from && k < to).ToList())
        {
            _running.Remove(c, out var task);
            task!.ContinueWith(t => { if (t.Result.Block is { } b) ArrayPool<byte>.Shared.Return(b.Bytes); }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private void CheckCombinedCrc()
    {
        if (_combined != _index.StoredCombinedCrc)
        {
            throw new InvalidDataException(
                $"bzip2 stream CRC mismatch after {_blockNumber} blocks (stored 0x{_index.StoredCombinedCrc:X8}, blocks give 0x{_combined:X8})");
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Discard(0, _index.Candidates.Length);
            if (_current is not null) ArrayPool<byte>.Shared.Return(_current.Bytes);
            _current = null;
            while (_ready.TryDequeue(out var b)) ArrayPool<byte>.Shared.Return(b.Bytes);
        }

        base.Dispose(disposing);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
