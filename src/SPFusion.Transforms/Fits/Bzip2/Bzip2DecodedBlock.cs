namespace SPFusion.Transforms.Fits.Bzip2;

/// <summary>
/// One decoded bzip2 block: its bytes (the first <see cref="Length"/> of <see cref="Bytes"/>), its checked CRC, and the
/// bit offset where its compressed data ends (where the next block's magic, or the end-of-stream magic, must start).
/// </summary>
internal sealed record Bzip2DecodedBlock(byte[] Bytes, int Length, uint Crc, long EndBit);
