using System.Buffers.Binary;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SPFusion.Transforms.Fits.Bzip2;

/// <summary>
/// The middle of decoding a bzip2 block: its Huffman-coded symbols (the table switching every 50 symbols as the
/// selectors say), the RUNA/RUNB run lengths and the move-to-front list, giving the Burrows-Wheeler bytes.
/// </summary>
/// <remarks>
/// The bit position is a local and each symbol reads the next 20 bits with one 8-byte load (the index pads the file
/// with 8 zero bytes), instead of going through a bit reader by reference, which kept its state in memory. The
/// move-to-front list's first 16 entries, where most indices fall, are permuted with one byte shuffle. Together these
/// made this step about 1.2x faster on SDSS frames.
/// </remarks>
internal static class Bzip2SymbolStream
{
    private const int GroupSize = 50;
    private const int ShuffleWidth = 16;
    private static readonly byte[] FrontShuffles = BuildFrontShuffles();

    /// <summary>
    /// Decodes the symbols that start at <paramref name="bitPosition"/> into the low bytes of <paramref name="vector"/>,
    /// counting each byte value in <paramref name="counts"/>; returns the number of bytes and the bit after the
    /// end-of-block symbol. Reads past the data count as damage (<see cref="InvalidDataException"/>).
    /// </summary>
    public static (int Count, long EndBit) Decode(
        ReadOnlySpan<byte> data, long bitPosition, Bzip2HuffmanTable[] tables, byte[] selectors,
        ReadOnlySpan<byte> symbolToByte, uint[] vector, int maxBlockSize, Span<int> counts)
    {
        const int CodeBits = Bzip2HuffmanTable.MaxCodeLength;
        int endOfBlock = symbolToByte.Length + 1;
        Span<byte> mtf = stackalloc byte[256 + ShuffleWidth];
        mtf.Clear();
        symbolToByte.CopyTo(mtf);
        ReadOnlySpan<byte> shuffles = FrontShuffles;
        long lastWindow = data.Length - sizeof(ulong);
        long bit = bitPosition;
        int n = 0, selector = 0, left = 0, run = 0, runBit = 0;
        var table = tables[0];
        ReadOnlySpan<int> fast = table.Fast;
        while (true)
        {
            if (left == 0)
            {
                if (selector >= selectors.Length)
                    throw new InvalidDataException("the symbol stream runs past its last selector");
                table = tables[selectors[selector++]];
                fast = table.Fast;
                left = GroupSize;
            }

            left--;
            long at = bit >> 3;
            ulong window = at <= lastWindow ? BinaryPrimitives.ReadUInt64BigEndian(data[(int)at..]) : TailWindow(data, at);
            uint next = (uint)((window << (int)(bit & 7)) >> (64 - CodeBits));
            int entry = fast[(int)(next >> (CodeBits - Bzip2HuffmanTable.FastBits))];
            int sym;
            if (entry != 0)
            {
                bit += entry >> 16;
                sym = entry & 0xFFFF;
            }
            else
            {
                sym = table.DecodeLong(next, out int length);
                bit += length;
            }

            if (sym <= 1)
            {
                // RUNA/RUNB: the run length in bijective base 2, least significant digit first.
                if (runBit > 20)
                    throw new InvalidDataException("a run of repeated bytes longer than any block");
                run += (sym + 1) << runBit;
                runBit++;
                continue;
            }

            if (run > 0)
            {
                if (run > maxBlockSize - n)
                    throw new InvalidDataException($"the block holds more than {maxBlockSize} bytes");
                byte b = mtf[0];
                counts[b] += run;
                vector.AsSpan(n, run).Fill(b);
                n += run;
                run = 0;
                runBit = 0;
            }

            if (sym == endOfBlock) break;
            if (sym > endOfBlock)
                throw new InvalidDataException($"symbol {sym} beyond the block's alphabet of {endOfBlock + 1}");
            if (n >= maxBlockSize)
                throw new InvalidDataException($"the block holds more than {maxBlockSize} bytes");
            int v = sym - 1;
            byte value = mtf[v];
            if (v >= ShuffleWidth)
            {
                // Entries 15..v-1 move up by one; entry v then takes slot 15 and the shuffle below brings it to the front.
                mtf[(ShuffleWidth - 1)..v].CopyTo(mtf[ShuffleWidth..]);
                mtf[ShuffleWidth - 1] = value;
                v = ShuffleWidth - 1;
            }

            var front = Vector128.Create<byte>(mtf);
            var control = Vector128.Create(shuffles.Slice(v * ShuffleWidth, ShuffleWidth));
            front = Ssse3.IsSupported ? Ssse3.Shuffle(front, control) : Vector128.Shuffle(front, control);
            front.CopyTo(mtf);
            counts[value]++;
            vector[n++] = value;
        }

        if (bit > (long)data.Length * 8)
            throw new InvalidDataException("the compressed data ends inside the block's data (truncated or damaged)");
        return (n, bit);
    }

    // The next 8 bytes near the end of the data, zeros past it; reading well past the end is damage.
    private static ulong TailWindow(ReadOnlySpan<byte> data, long at)
    {
        if (at >= data.Length)
            throw new InvalidDataException("the compressed data ends inside the block's data (truncated or damaged)");
        Span<byte> window = stackalloc byte[sizeof(ulong)];
        window.Clear();
        data[(int)at..].CopyTo(window);
        return BinaryPrimitives.ReadUInt64BigEndian(window);
    }

    // For index v below 16: the permutation of the first 16 entries that moves entry v to the front.
    private static byte[] BuildFrontShuffles()
    {
        var shuffles = new byte[ShuffleWidth * ShuffleWidth];
        for (int v = 0; v < ShuffleWidth; v++)
        {
            for (int k = 0; k < ShuffleWidth; k++)
                shuffles[(v * ShuffleWidth) + k] = (byte)(k == 0 ? v : k <= v ? k - 1 : k);
        }

        return shuffles;
    }
}
