using System.IO.Compression;
using System.Text;
using ICSharpCode.SharpZipLib.BZip2;
using SPFusion.Tests.Support;
using SPFusion.Transforms.Fits;

namespace SPFusion.Tests.Reliability;

/// <summary>Byte-level helpers for building malformed FITS files from real ones (in memory, never in the repository).</summary>
internal static class FitsBytes
{
    public const int Block = 2880;
    public const int Card = 80;

    /// <summary>Where each HDU's header starts and its data unit ends, taken from the reader on the intact file.</summary>
    public sealed record HduSpan(int Index, long HeaderStart, long DataOffset, long DataEnd, int Naxis, string Type);

    /// <summary>The HDU layout of an intact FITS file given as (decompressed) bytes.</summary>
    public static IReadOnlyList<HduSpan> Layout(byte[] fits)
    {
        using var temp = new TempFolder("spfusion-layout");
        string tmp = temp.File("layout.fits");
        File.WriteAllBytes(tmp, fits);
        using var f = FitsFile.Open(tmp);
        var spans = new List<HduSpan>();
        long start = 0;
        foreach (var h in f.Hdus)
        {
            spans.Add(new HduSpan(h.Index, start, h.DataOffset, h.DataOffset + h.DataLength, h.Axes.Count, h.TypeName));
            start = Pad(h.DataOffset + h.DataLength);
        }
        return spans;
    }

    public static long Pad(long n) => (n + Block - 1) / Block * Block;

    /// <summary>
    /// True when cutting the file at <paramref name="length"/> loses content the headers promise. Cuts between a data
    /// unit's last byte and the next header (padding, or exactly an HDU boundary) leave a valid, shorter FITS file.
    /// </summary>
    public static bool CutLosesContent(IReadOnlyList<HduSpan> layout, long length)
    {
        if (length >= layout[^1].DataEnd) return false;
        for (int i = 0; i + 1 < layout.Count; i++)
        {
            if (length >= layout[i].DataEnd && length <= layout[i + 1].HeaderStart) return false;
        }
        return true;
    }

    /// <summary>Byte offset of the card with this keyword in the header starting at <paramref name="headerStart"/>, or -1.</summary>
    public static int FindCard(byte[] fits, long headerStart, string key)
    {
        string prefix = key.PadRight(8);
        for (long at = headerStart; at + Card <= fits.Length; at += Card)
        {
            string k = Encoding.Latin1.GetString(fits, (int)at, 8);
            if (k == prefix) return (int)at;
            if (k == "END     ") return -1;
        }
        return -1;
    }

    /// <summary>Offset of the END card of the header starting at <paramref name="headerStart"/>.</summary>
    public static int FindEnd(byte[] fits, long headerStart)
    {
        int at = FindCard(fits, headerStart, "END");
        if (at >= 0) return at;
        for (long p = headerStart; p + Card <= fits.Length; p += Card)
        {
            if (Encoding.Latin1.GetString(fits, (int)p, Card).TrimEnd() == "END") return (int)p;
        }
        throw new InvalidOperationException($"no END card after offset {headerStart}");
    }

    /// <summary>A copy with the card <paramref name="key"/> of that header rewritten as <c>KEY = value</c>; null when absent.</summary>
    public static byte[]? SetCard(byte[] fits, long headerStart, string key, string valueText)
    {
        int at = FindCard(fits, headerStart, key);
        if (at < 0) return null;
        return Overwrite(fits, at, CardImage(key, valueText));
    }

    /// <summary>A copy with a new card inserted just before END (END moves down one card); null when END ends its block.</summary>
    public static byte[]? InsertBeforeEnd(byte[] fits, long headerStart, string key, string valueText)
    {
        int end = FindEnd(fits, headerStart);
        if ((end + Card) % Block == 0) return null;
        var copy = Overwrite(fits, end, CardImage(key, valueText));
        Encoding.Latin1.GetBytes("END".PadRight(Card)).CopyTo(copy, end + Card);
        return copy;
    }

    public static string CardImage(string key, string valueText)
    {
        string image = $"{key,-8}= {valueText,20}";
        return image.Length > Card ? image[..Card] : image.PadRight(Card);
    }

    public static byte[] Overwrite(byte[] fits, long at, string latin1)
    {
        var copy = (byte[])fits.Clone();
        Encoding.Latin1.GetBytes(latin1).CopyTo(copy, (int)at);
        return copy;
    }

    public static byte[] Overwrite(byte[] fits, long at, params byte[] bytes)
    {
        var copy = (byte[])fits.Clone();
        bytes.CopyTo(copy, (int)at);
        return copy;
    }

    public static byte[] Gzip(byte[] data)
    {
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(data);
        return ms.ToArray();
    }

    public static byte[] Gunzip(string path)
    {
        using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var ms = new MemoryStream();
        gz.CopyTo(ms);
        return ms.ToArray();
    }

    /// <summary>The first <paramref name="count"/> decompressed bytes of a bzip2 file (the whole file is never inflated).</summary>
    public static byte[] Bunzip2Prefix(string path, int count)
    {
        using var bz = new BZip2InputStream(File.OpenRead(path));
        var buffer = new byte[count];
        int got = bz.ReadAtLeast(buffer, count, throwOnEndOfStream: true);
        return buffer[..got];
    }

    /// <summary>The header blocks of the primary HDU of an SDSS frame, without any data: a "header-only slice".</summary>
    public static byte[] SdssHeaderSlice()
    {
        byte[] prefix = Bunzip2Prefix(TestPaths.DataFile("sdss", "frame-g-004510-4-0030.fits.bz2"), 40 * Block);
        int end = FindEnd(prefix, 0);
        return prefix[..(int)Pad(end + Card)];
    }
}
