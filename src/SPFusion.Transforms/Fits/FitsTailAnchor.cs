using System.Text;

namespace SPFusion.Transforms.Fits;

/// <summary>
/// Places the decoded end of a compressed FITS file in the file without decoding what comes before it. A compressed
/// stream does not say how long its decompressed parts are, but a FITS file does: HDU 1's header starts where HDU 0's
/// padded data ends, every HDU starts on a 2,880-byte boundary and the file ends on one. So the earliest extension header
/// found at such a boundary (counted from the end) in the decoded tail, followed by a chain of extensions that ends
/// exactly at the tail's end and preceded by HDU 0's zero fill, fixes the tail's offset.
/// </summary>
/// <remarks>
/// Why the earliest header is HDU 1's: the caller decodes back at least to the rows it wants from HDU 0, which lie
/// before HDU 1's header by more than the rest of HDU 0's data. Mistaking a later header for HDU 1's would need the
/// extensions before it to be longer than that, and HDU 0's fill (zeros) before it; any other failure leaves the file
/// to be read from its start.
/// </remarks>
internal static class FitsTailAnchor
{
    private static ReadOnlySpan<byte> ExtensionStart => "XTENSION= "u8;

    /// <summary>
    /// The file offset of <paramref name="tail"/>[0], or null when the tail holds no extension header yet or does not fit
    /// the layout (the caller then decodes more, or reads the file from its start). <paramref name="firstExtension"/> is
    /// where HDU 1 starts (HDU 0's data end, padded) and <paramref name="primaryFill"/> the zero bytes before it.
    /// </summary>
    public static long? Locate(ReadOnlySpan<byte> tail, long firstExtension, int primaryFill, string path)
    {
        for (int p = tail.Length % FitsBlocks.Size; p + FitsBlocks.Size <= tail.Length; p += FitsBlocks.Size)
        {
            if (!tail[p..].StartsWith(ExtensionStart)) continue;
            if (p < primaryFill || tail.Slice(p - primaryFill, primaryFill).ContainsAnyExcept((byte)0)) return null;
            if (!ExtensionsEndAtTail(tail, p, path)) return null;
            long start = firstExtension - p;
            return start >= 0 ? start : null;
        }

        return null;
    }

    // Walks the extension headers from `at`: each header's data, padded, must lead to the next header or to the tail's end.
    private static bool ExtensionsEndAtTail(ReadOnlySpan<byte> tail, int at, string path)
    {
        int index = 1;
        while (at < tail.Length)
        {
            if (!tail[at..].StartsWith(ExtensionStart)) return false;
            var images = new List<string>();
            int end = -1;
            for (int c = at; c + FitsCardParser.CardLength <= tail.Length && end < 0; c += FitsCardParser.CardLength)
            {
                var card = tail.Slice(c, FitsCardParser.CardLength);
                if (FitsCardParser.IsEndCard(card)) end = c;
                else if (!FitsCardParser.IsPrintable(card)) return false;
                else images.Add(Encoding.Latin1.GetString(card));
            }

            if (end < 0) return false;
            // Offsets here count from the tail's start, which is not on a FITS block boundary: pad lengths, not offsets.
            long dataOffset = at + FitsBlocks.Pad(end + FitsCardParser.CardLength - at);
            try
            {
                var header = new FitsHeader(FitsCardParser.ParseCards(images, path, index), path, index);
                long next = dataOffset + FitsBlocks.Pad(FitsHduLayout.From(header, index, dataOffset).DataLength);
                if (next > tail.Length) return false;
                at = (int)next;
            }
            catch (FitsFormatException)
            {
                return false;
            }

            index++;
        }

        return at == tail.Length;
    }
}
