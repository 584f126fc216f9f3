using System.Buffers;
using System.Buffers.Binary;

namespace SPFusion.Transforms.Fits.Bzip2;

/// <summary>
/// Where a single-stream bzip2 file's blocks start, found by scanning for the bit-aligned 48-bit block magic, with the
/// end-of-stream magic and its stored combined CRC. Blocks are not byte-aligned and their compressed lengths are not
/// recorded anywhere, so the scan is the only way to start decoding in the middle of a file. The 48-bit pattern can also
/// occur by chance inside compressed data (about once in 10^7 files of this size), so <see cref="Candidates"/> may hold
/// false starts; <see cref="Bzip2BlockStream"/> follows the chain of real blocks (each block ends where the next begins)
/// and ignores the rest.
/// </summary>
internal sealed class Bzip2BlockIndex
{
    /// <summary>Extra zero bytes after the data, so the bit reader and the scan can read 8 bytes anywhere.</summary>
    public const int Padding = 8;

    // For each bit alignment s (0-7), the second byte of the window holding the magic is fully determined; scanning for
    // those 16 values (block and end magic) with a vectorised search leaves a few exact checks per kilobyte.
    private static readonly SearchValues<byte> SecondBytes = SearchValues.Create(BuildSecondBytes());

    private Bzip2BlockIndex(byte[] data, int dataLength, int maxBlockSize, long[] candidates, long endBit, uint storedCrc)
    {
        Data = data;
        DataLength = dataLength;
        MaxBlockSize = maxBlockSize;
        Candidates = candidates;
        EndBit = endBit;
        StoredCombinedCrc = storedCrc;
    }

    /// <summary>The compressed file followed by <see cref="Padding"/> zero bytes.</summary>
    public byte[] Data { get; }

    public int DataLength { get; }

    /// <summary>The header's level x 100,000 bytes.</summary>
    public int MaxBlockSize { get; }

    /// <summary>Bit offsets of every block-magic match before the end-of-stream magic, in order.</summary>
    public long[] Candidates { get; }

    /// <summary>Bit offset of the end-of-stream magic.</summary>
    public long EndBit { get; }

    public uint StoredCombinedCrc { get; }

    /// <summary>Reads and indexes <paramref name="path"/>; null when the file is not one complete bzip2 stream (no end
    /// magic where the file ends, several concatenated streams, a bad header), which the caller decodes another way.</summary>
    public static Bzip2BlockIndex? TryBuild(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 0, FileOptions.SequentialScan);
        return TryBuild(file);
    }

    /// <summary>Reads <paramref name="file"/> from its start and indexes it; null as for <see cref="TryBuild(string)"/>,
    /// or when the file is larger than <paramref name="maxFileBytes"/> (it is held in memory whole).</summary>
    public static Bzip2BlockIndex? TryBuild(Stream file, long maxFileBytes = 1L << 30)
    {
        long length = file.Length;
        if (length < 14 || length > maxFileBytes) return null;
        var data = new byte[length + Padding];
        file.Position = 0;
        file.ReadExactly(data.AsSpan(0, (int)length));
        return TryBuild(data, (int)length);
    }

    /// <summary>Indexes <paramref name="dataLength"/> bytes of <paramref name="data"/>, which must carry <see cref="Padding"/> zero bytes after them.</summary>
    public static Bzip2BlockIndex? TryBuild(byte[] data, int dataLength)
    {
        if (dataLength < 14 || data[0] != (byte)'B' || data[1] != (byte)'Z' || data[2] != (byte)'h' || data[3] is < (byte)'1' or > (byte)'9')
            return null;
        int maxBlockSize = (data[3] - '0') * 100_000;
        var blocks = new List<long>();
        long end = -1;
        int ends = 0;
        var span = data.AsSpan(0, dataLength);
        int from = 5; // the byte after the first possible window start (bit 32)
        while (from < dataLength)
        {
            int hit = span[from..].IndexOfAny(SecondBytes);
            if (hit < 0) break;
            int second = from + hit;
            ulong window = BinaryPrimitives.ReadUInt64BigEndian(data.AsSpan(second - 1, 8));
            for (int s = 0; s < 8; s++)
            {
                ulong bits = (window << s) >> 16;
                long bit = ((long)(second - 1) * 8) + s;
                if (bit < 32) continue;
                if (bits == Bzip2BlockDecoder.BlockMagic) blocks.Add(bit);
                else if (bits == Bzip2BlockDecoder.EndMagic) (end, ends) = (bit, ends + 1);
            }

            from = second + 1;
        }

        // One end magic, followed by its CRC and at most 7 padding bits where the file ends: anything else is several
        // concatenated streams or a truncated file, which this index does not cover. (A chance match of the end magic
        // inside compressed data also lands here; the caller then decodes the file the slow way, which is still right.)
        if (ends != 1 || ((end + 48 + 32 + 7) / 8) != dataLength) return null;
        var reader = new Bzip2BitReader(data, end + 48);
        uint crc = reader.Read(32);
        var candidates = blocks.Where(b => b < end).ToArray();
        if (candidates.Length > 0 ? candidates[0] != 32 : end != 32) return null;

        // bzip2 before 0.9.5 (and SharpZipLib's writer, on very repetitive data) "randomised" blocks it found slow to
        // sort, undone with a table of pseudo-random numbers this decoder does not carry: such files go to SharpZipLib.
        foreach (long start in candidates)
        {
            if (((data[(start + 80) >> 3] >> (7 - (int)((start + 80) & 7))) & 1) != 0) return null;
        }
        return new Bzip2BlockIndex(data, dataLength, maxBlockSize, candidates, end, crc);
    }

    private static byte[] BuildSecondBytes()
    {
        var values = new HashSet<byte>();
        for (int s = 0; s < 8; s++)
        {
            values.Add((byte)(Bzip2BlockDecoder.BlockMagic >> (32 + s)));
            values.Add((byte)(Bzip2BlockDecoder.EndMagic >> (32 + s)));
        }

        return [.. values];
    }
}
