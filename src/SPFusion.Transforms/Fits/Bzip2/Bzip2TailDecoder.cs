using System.Buffers;

namespace SPFusion.Transforms.Fits.Bzip2;

/// <summary>
/// Decodes an indexed bzip2 file's blocks from its end backwards, in parallel, for a reader that wants bytes near the
/// end (whose offset it learns from what it decodes: see <see cref="FitsTailAnchor"/>). Each block's CRC is checked; the
/// blocks must chain (each ends where the next starts, the last at the end-of-stream magic). A block that fails or does
/// not chain (damage, or a false block magic inside compressed data) ends the attempt, and the caller reads the file from
/// its start, which reports damage as usual.
/// </summary>
internal sealed class Bzip2TailDecoder : IDisposable
{
    private readonly Bzip2BlockIndex _index;
    private readonly List<Bzip2DecodedBlock> _blocks = []; // in file order, the last block last
    private int _first;                                     // candidate number of _blocks[0]

    public Bzip2TailDecoder(Bzip2BlockIndex index)
    {
        _index = index;
        _first = index.Candidates.Length;
    }

    /// <summary>Blocks decoded so far.</summary>
    public int BlocksDecoded => _blocks.Count;

    /// <summary>Decodes up to <paramref name="count"/> more blocks before those decoded so far; false when there are none
    /// left or they do not chain.</summary>
    public bool TryExtend(int count)
    {
        int from = Math.Max(0, _first - Math.Max(1, count));
        if (from == _first) return false;
        var decoded = new Bzip2DecodedBlock?[_first - from];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount };
        Parallel.For(0, decoded.Length, parallel, k => decoded[k] = TryDecode(from + k));
        for (int k = 0; k < decoded.Length; k++)
        {
            long expectedEnd = from + k + 1 < _index.Candidates.Length ? _index.Candidates[from + k + 1] : _index.EndBit;
            if (decoded[k] is not { } block || block.EndBit != expectedEnd)
            {
                foreach (var b in decoded) Return(b);
                return false;
            }
        }

        _blocks.InsertRange(0, decoded!);
        _first = from;
        return true;
    }

    /// <summary>The decoded bytes, from the first block decoded to the end of the file.</summary>
    public byte[] Bytes()
    {
        var bytes = new byte[_blocks.Sum(b => (long)b.Length)];
        int at = 0;
        foreach (var b in _blocks)
        {
            b.Bytes.AsSpan(0, b.Length).CopyTo(bytes.AsSpan(at));
            at += b.Length;
        }

        return bytes;
    }

    public void Dispose()
    {
        foreach (var b in _blocks) Return(b);
        _blocks.Clear();
    }

    private Bzip2DecodedBlock? TryDecode(int candidate)
    {
        try
        {
            return Bzip2BlockDecoder.Decode(_index.Data, _index.Candidates[candidate], _index.MaxBlockSize);
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    private static void Return(Bzip2DecodedBlock? block)
    {
        if (block is not null) ArrayPool<byte>.Shared.Return(block.Bytes);
    }
}
