using System.Buffers;

namespace SPFusion.Transforms.Fits.Bzip2;

/// <summary>
/// Decodes one bzip2 block on its own, given the bit offset of its 48-bit magic: header (stored CRC, origin pointer,
/// symbol map), Huffman tables and selectors here, then the MTF/RUNA-RUNB symbol stream (<see cref="Bzip2SymbolStream"/>),
/// the inverse Burrows-Wheeler transform and the initial run-length undo (<see cref="Bzip2InverseTransform"/>), then
/// checks the block CRC. Blocks share no state, so any number decode at once.
/// Errors are <see cref="InvalidDataException"/> saying what is wrong; the caller adds the file and block number.
/// </summary>
internal static class Bzip2BlockDecoder
{
    public const ulong BlockMagic = 0x314159265359UL;
    public const ulong EndMagic = 0x177245385090UL;
    private const int MaxGroups = 6;

    /// <summary>Decodes the block whose magic starts at <paramref name="bitOffset"/>; <paramref name="maxBlockSize"/> is level x 100,000.</summary>
    public static Bzip2DecodedBlock Decode(ReadOnlySpan<byte> data, long bitOffset, int maxBlockSize)
    {
        var reader = new Bzip2BitReader(data, bitOffset);
        ulong magic = ((ulong)reader.Read(24) << 24) | reader.Read(24);
        if (magic != BlockMagic)
            throw new InvalidDataException($"no block magic at bit {bitOffset}");
        uint storedCrc = (reader.Read(16) << 16) | reader.Read(16);
        if (reader.ReadBit())
            throw new InvalidDataException("the block is randomised (written by bzip2 before 0.9.5), which this decoder does not support");
        int origin = (int)reader.Read(24);

        Span<byte> symbolToByte = stackalloc byte[256];
        int inUse = 0;
        uint ranges = reader.Read(16);
        for (int r = 0; r < 16; r++)
        {
            if ((ranges & (0x8000u >> r)) == 0) continue;
            uint bits = reader.Read(16);
            for (int b = 0; b < 16; b++)
            {
                if ((bits & (0x8000u >> b)) != 0)
                    symbolToByte[inUse++] = (byte)((r * 16) + b);
            }
        }

        if (inUse == 0)
            throw new InvalidDataException("the block's symbol map is empty");
        int alphabet = inUse + 2;

        int groups = (int)reader.Read(3);
        if (groups is < 2 or > MaxGroups)
            throw new InvalidDataException($"{groups} Huffman tables (2 to 6 allowed)");
        int selectorCount = (int)reader.Read(15);
        if (selectorCount < 1)
            throw new InvalidDataException("no Huffman table selectors");
        // Selectors arrive move-to-front coded, each as a unary index.
        var selectors = new byte[selectorCount];
        Span<byte> selectorOrder = stackalloc byte[MaxGroups];
        for (int g = 0; g < groups; g++) selectorOrder[g] = (byte)g;
        for (int s = 0; s < selectorCount; s++)
        {
            int j = 0;
            while (reader.ReadBit())
            {
                if (++j >= groups)
                    throw new InvalidDataException($"selector {s} names a table beyond the {groups} present");
            }

            byte chosen = selectorOrder[j];
            for (int k = j; k > 0; k--) selectorOrder[k] = selectorOrder[k - 1];
            selectorOrder[0] = chosen;
            selectors[s] = chosen;
        }

        var tables = new Bzip2HuffmanTable[groups];
        Span<byte> lengths = stackalloc byte[alphabet];
        for (int g = 0; g < groups; g++)
        {
            int length = (int)reader.Read(5);
            for (int s = 0; s < alphabet; s++)
            {
                while (true)
                {
                    if (length is < 1 or > Bzip2HuffmanTable.MaxCodeLength)
                        throw new InvalidDataException($"Huffman table {g}: code length {length} for symbol {s} (1 to 20 allowed)");
                    if (!reader.ReadBit()) break;
                    length += reader.ReadBit() ? -1 : 1;
                }

                lengths[s] = (byte)length;
            }

            tables[g] = new Bzip2HuffmanTable(alphabet);
            tables[g].Build(lengths);
        }

        reader.CheckWithinData("the block header");

        // The Burrows-Wheeler output goes straight into the low bytes of the inverse-transform vector.
        uint[] vector = ArrayPool<uint>.Shared.Rent(maxBlockSize);
        byte[]? output = null;
        try
        {
            Span<int> counts = stackalloc int[256];
            counts.Clear();
            var (n, endBit) = Bzip2SymbolStream.Decode(data, reader.Position, tables, selectors, symbolToByte[..inUse], vector, maxBlockSize, counts);
            if (origin >= n)
                throw new InvalidDataException($"origin pointer {origin} outside the block's {n} bytes");

            // Links for the inverse transform: the high 24 bits of entry p give the position that follows p in the original order.
            Span<int> next = stackalloc int[256];
            int sum = 0;
            for (int c = 0; c < 256; c++)
            {
                next[c] = sum;
                sum += counts[c];
            }

            for (int i = 0; i < n; i++)
                vector[next[(byte)vector[i]]++] |= (uint)i << 8;

            output = Bzip2InverseTransform.Undo(vector, n, origin, out int length);
            uint crc = Bzip2Crc.Compute(output.AsSpan(0, length));
            if (crc != storedCrc)
                throw new InvalidDataException($"CRC mismatch (stored 0x{storedCrc:X8}, decoded data gives 0x{crc:X8})");
            var block = new Bzip2DecodedBlock(output, length, crc, endBit);
            output = null;
            return block;
        }
        finally
        {
            ArrayPool<uint>.Shared.Return(vector);
            if (output is not null) ArrayPool<byte>.Shared.Return(output);
        }
    }
}
