using SPFusion.Transforms.Fits.Bzip2;

namespace SPFusion.Transforms.Fits;

/// <summary>
/// Reads a range of HDU 0's data from a block-indexed bzip2 file by decoding blocks from the file's end back to the range,
/// when that is fewer blocks than decoding from the start up to it (the blocks before a range must otherwise all be
/// decoded to learn where it starts). <see cref="FitsTailAnchor"/> places the decoded tail in the file.
/// </summary>
internal static class FitsTailRead
{
    /// <summary>
    /// Fills <paramref name="destination"/> from file offset <paramref name="offset"/> of HDU 0's data, or returns false
    /// (nothing decoded worth keeping) when reading from the start is as cheap, the file has no extension after HDU 0,
    /// or the tail cannot be placed; the caller then reads from the start.
    /// </summary>
    public static bool TryRead(Bzip2BlockIndex index, FitsHdu primary, long offset, Span<byte> destination, string path)
    {
        if (primary.Index != 0) return false;
        long dataEnd = primary.DataOffset + primary.DataLength;
        long firstExtension = FitsBlocks.Pad(dataEnd);
        int fill = (int)(firstExtension - dataEnd);
        // Block counts from the decompressed block size (bzip2's level x 100,000; runs make a block's output a little longer).
        double blockBytes = index.MaxBlockSize;
        int fromStart = (int)((offset + destination.Length) / blockBytes) + 1;
        int fromEnd = (int)((firstExtension - offset) / blockBytes) + 2; // the extensions and the last, partial block
        if (fromEnd >= fromStart) return false;

        using var tail = new Bzip2TailDecoder(index);
        if (!tail.TryExtend(fromEnd)) return false;
        while (true)
        {
            byte[] bytes = tail.Bytes();
            long? start = FitsTailAnchor.Locate(bytes, firstExtension, fill, path);
            if (start is long s && s <= offset)
            {
                bytes.AsSpan((int)(offset - s), destination.Length).CopyTo(destination);
                return true;
            }

            // Not placed yet, or placed after the range's start: one block further back, while that stays cheaper.
            if (tail.BlocksDecoded + 1 >= fromStart || !tail.TryExtend(1)) return false;
        }
    }
}
