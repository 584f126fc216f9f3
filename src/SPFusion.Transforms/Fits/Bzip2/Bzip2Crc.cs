using System.Buffers.Binary;

namespace SPFusion.Transforms.Fits.Bzip2;

/// <summary>
/// bzip2's CRC-32: polynomial 0x04C11DB7 processed most significant bit first (not the reflected zlib CRC), initial value
/// and final XOR all ones; the stream CRC combines the block CRCs with a one-bit rotation. Eight bytes per step through
/// eight tables (table k advances a byte's contribution by k further bytes), since a frame's 13 MB are checked in full.
/// </summary>
internal static class Bzip2Crc
{
    private static readonly uint[][] Tables = BuildTables();

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFFu;
        uint[] t0 = Tables[0], t1 = Tables[1], t2 = Tables[2], t3 = Tables[3], t4 = Tables[4], t5 = Tables[5], t6 = Tables[6], t7 = Tables[7];
        int k = 0;
        for (; k + 8 <= data.Length; k += 8)
        {
            uint high = crc ^ BinaryPrimitives.ReadUInt32BigEndian(data[k..]);
            uint low = BinaryPrimitives.ReadUInt32BigEndian(data[(k + 4)..]);
            crc = t7[high >> 24] ^ t6[(high >> 16) & 0xFF] ^ t5[(high >> 8) & 0xFF] ^ t4[high & 0xFF]
                ^ t3[low >> 24] ^ t2[(low >> 16) & 0xFF] ^ t1[(low >> 8) & 0xFF] ^ t0[low & 0xFF];
        }

        for (; k < data.Length; k++)
            crc = (crc << 8) ^ t0[(int)((crc >> 24) ^ data[k])];
        return ~crc;
    }

    /// <summary>The stream CRC after one more block, in stream order.</summary>
    public static uint Combine(uint combined, uint blockCrc) => ((combined << 1) | (combined >> 31)) ^ blockCrc;

    private static uint[][] BuildTables()
    {
        var tables = new uint[8][];
        for (int t = 0; t < 8; t++) tables[t] = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            uint c = i << 24;
            for (int k = 0; k < 8; k++)
                c = (c & 0x80000000u) != 0 ? (c << 1) ^ 0x04C11DB7u : c << 1;
            tables[0][i] = c;
        }

        for (int t = 1; t < 8; t++)
        {
            for (int i = 0; i < 256; i++)
            {
                uint prev = tables[t - 1][i];
                tables[t][i] = (prev << 8) ^ tables[0][prev >> 24];
            }
        }

        return tables;
    }
}
