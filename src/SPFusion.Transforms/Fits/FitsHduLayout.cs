namespace SPFusion.Transforms.Fits;

/// <summary>The structural keywords of an HDU, validated before anything is allocated from them.</summary>
internal sealed record FitsHduLayout(string Kind, int Bitpix, long[] Axes, long PCount, long GCount, long DataOffset, long DataLength)
{
    public const int MaxNaxis = 999;

    /// <summary>Reads SIMPLE/XTENSION, BITPIX, NAXIS, NAXISn, PCOUNT, GCOUNT and computes the data size with overflow checks.</summary>
    public static FitsHduLayout From(FitsHeader h, int index, long dataOffset)
    {
        string kind;
        if (h.Cards.Count == 0) throw h.Error(index == 0 ? "SIMPLE" : "XTENSION", "header has no cards before END");
        var first = h.Cards[0];
        if (index == 0)
        {
            if (first.Key != "SIMPLE") throw h.Error("SIMPLE", $"the first card must be SIMPLE, found '{first.Key}' (not a FITS file?)");
            if (first.Value is not true) throw h.Error("SIMPLE", "SIMPLE is not T: the file does not conform to the FITS standard");
            kind = "PRIMARY";
        }
        else
        {
            if (first.Key != "XTENSION" || first.Value is not string x)
                throw h.Error("XTENSION", $"an extension header must start with XTENSION, found '{first.RawText.TrimEnd()}'");
            kind = x.Trim();
            if (kind.Length == 0) throw h.Error("XTENSION", "XTENSION value is empty");
        }

        long bitpixValue = h.RequireInt64("BITPIX");
        if (bitpixValue is not (8 or 16 or 32 or 64 or -32 or -64))
            throw h.Error("BITPIX", $"BITPIX = {bitpixValue} is not one of 8, 16, 32, 64, -32, -64");
        int bitpix = (int)bitpixValue;

        long naxis = h.RequireInt64("NAXIS");
        if (naxis is < 0 or > MaxNaxis) throw h.Error("NAXIS", $"NAXIS = {naxis} is outside 0..{MaxNaxis}");
        var axes = new long[naxis];
        for (int i = 0; i < naxis; i++)
        {
            string key = $"NAXIS{i + 1}";
            long n = h.RequireInt64(key);
            if (n < 0) throw h.Error(key, $"{key} = {n} is negative");
            axes[i] = n;
        }

        long pcount = h.GetInt64("PCOUNT") ?? 0;
        long gcount = h.GetInt64("GCOUNT") ?? 1;
        if (pcount < 0) throw h.Error("PCOUNT", $"PCOUNT = {pcount} is negative");
        if (gcount < 0) throw h.Error("GCOUNT", $"GCOUNT = {gcount} is negative");

        bool randomGroups = index == 0 && naxis > 0 && axes[0] == 0 && h.GetBool("GROUPS") == true;
        if (randomGroups) kind = "GROUPS";

        long length = 0;
        if (naxis > 0)
        {
            try
            {
                long product = 1;
                for (int i = randomGroups ? 1 : 0; i < naxis; i++) product = checked(product * axes[i]);
                length = checked(Math.Abs(bitpix) / 8 * gcount * (pcount + product));
            }
            catch (OverflowException)
            {
                throw h.Error("NAXIS", $"the data size implied by NAXISn = [{string.Join(", ", axes)}], PCOUNT and GCOUNT overflows 64 bits");
            }
            // The end of the data unit and its padding must stay a valid file offset; past that, offset arithmetic wraps.
            if (length > long.MaxValue - dataOffset - (2 * 2880))
                throw h.Error("NAXIS", $"the data size {length} implied by NAXISn = [{string.Join(", ", axes)}], PCOUNT and GCOUNT ends beyond any possible file offset");
        }
        return new FitsHduLayout(kind, bitpix, axes, pcount, gcount, dataOffset, length);
    }
}
