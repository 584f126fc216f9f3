using System.Buffers;

namespace SPFusion.Transforms.Fits.Bzip2;

/// <summary>
/// The decompressed bytes of an indexed bzip2 file as a forward-only stream that decodes blocks in parallel batches.
/// A block's decompressed offset is known only once every block before it is decoded, so reaching offset X decodes all
/// blocks up to the one holding X (in parallel, since their compressed starts are known), and nothing after it:
/// <see cref="ExpectThrough"/> tells the stream how far the reader will go so a batch stops there. Each decoded block's
/// CRC is checked; the stream's combined CRC is checked only when the last block is decoded, so a reader that stops
/// early gets no whole-stream check. Errors are <see cref="InvalidDataException"/> naming the block number and its bit
/// offset (the owner adds the file name).
/// </summary>
internal sealed class Bzip2BlockStream : Stream
{
    private readonly Bzip2BlockIndex _index;
    private readonly int _parallelism;
    private readonly Queue<Bzip2DecodedBlock> _ready = new();
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
                    DecodeBatch();
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

    private void DecodeBatch()
    {
        var candidates = _index.Candidates;
        int remaining = candidates.Length - _candidate;
        int count = _parallelism;
        if (_expectedEnd > _produced)
        {
            double perBlock = _blockNumber > 0 ? (double)_produced / _blockNumber : _index.MaxBlockSize;
            count = Math.Max(1, (int)Math.Ceiling((_expectedEnd - _produced) / Math.Max(perBlock, 1)));
        }

        // Bounds the decoded bytes held at once (a huge expected read still goes batch by batch).
        count = Math.Min(count, Math.Max(8 * _parallelism, 16));

        count = Math.Min(count, remaining);
        var results = new Bzip2DecodedBlock?[count];
        var errors = new Exception?[count];
        int first = _candidate;
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = _parallelism }, k =>
        {
            try
            {
                results[k] = Bzip2BlockDecoder.Decode(_index.Data, candidates[first + k], _index.MaxBlockSize);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A false magic match inside another block's data fails here, in whatever way its garbage leads to; only
                // errors on the chain of real blocks count, and those are reported as damage.
                errors[k] = ex;
            }
        });

        try
        {
            int k = 0;
            while (k < count)
            {
                long start = candidates[first + k];
                if (results[k] is not { } block)
                    throw new InvalidDataException($"bzip2 block {_blockNumber} (compressed bit offset {start}): {errors[k]!.Message}", errors[k]);
                results[k] = null;
                _ready.Enqueue(block);
                _produced += block.Length;
                _combined = Bzip2Crc.Combine(_combined, block.Crc);
                _blockNumber++;
                if (block.EndBit == _index.EndBit)
                {
                    _candidate = candidates.Length;
                    _finished = true;
                    CheckCombinedCrc();
                    return;
                }

                int next = Array.BinarySearch(candidates, first + k + 1, candidates.Length - (first + k + 1), block.EndBit);
                if (next < 0)
                {
                    throw new InvalidDataException(
                        $"bzip2 block {_blockNumber - 1} (compressed bit offset {start}) ends at bit {block.EndBit}, where neither a block nor the end-of-stream magic starts");
                }

                _candidate = next;
                k = next - first;
            }
        }
        finally
        {
            foreach (var left in results)
            {
                if (left is not null) ArrayPool<byte>.Shared.Return(left.Bytes);
            }
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
