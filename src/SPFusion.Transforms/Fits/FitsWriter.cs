using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using ICSharpCode.SharpZipLib.BZip2;

namespace SPFusion.Transforms.Fits;

/// <summary>
/// Writes standard FITS: a primary image (or an empty primary) followed by IMAGE and BINTABLE extensions, optionally
/// gzip or bzip2 compressed. Structural keywords are written by the writer itself; callers add only descriptive cards
/// (BUNIT, WCS, BSCALE/BZERO/BLANK to describe stored integers, ...). Used by the synthetic survey generator and by tests.
/// </summary>
internal sealed partial class FitsWriter : IDisposable
{
    internal const int BlockSize = FitsBlocks.Size;
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private int _hduCount;
    private FitsTableRowWriter? _openTable;
    private bool _disposed;

    /// <summary>Writes to <paramref name="stream"/>, compressing with <paramref name="compression"/>.</summary>
    public FitsWriter(Stream stream, FitsCompression compression = FitsCompression.None, bool leaveOpen = false)
    {
        _leaveOpen = leaveOpen;
        _stream = compression switch
        {
            FitsCompression.Gzip => new GZipStream(stream, CompressionLevel.Fastest, leaveOpen),
            FitsCompression.BZip2 => new BZip2OutputStream(stream) { IsStreamOwner = !leaveOpen },
            _ => stream,
        };
    }

    /// <summary>Creates (or overwrites) <paramref name="path"/>.</summary>
    public static FitsWriter Create(string path, FitsCompression compression = FitsCompression.None) =>
        new(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None), compression);

    /// <summary>Number of HDUs written so far.</summary>
    public int HduCount => _hduCount;

    /// <summary>A primary HDU without data (NAXIS = 0), e.g. in front of tables.</summary>
    public void WriteEmptyPrimary(IEnumerable<FitsCard>? cards = null)
    {
        if (_hduCount != 0) throw new InvalidOperationException("the primary HDU has already been written");
        var header = new List<FitsCard> { FitsCard.Create("SIMPLE", true, "conforms to FITS standard"), FitsCard.Create("BITPIX", 8L), FitsCard.Create("NAXIS", 0L), FitsCard.Create("EXTEND", true) };
        WriteHdu(header, cards, []);
    }

    /// <summary>
    /// An image of byte, short, int, long, float or double values in FITS order (NAXIS1 fastest); the primary HDU if none
    /// was written yet, otherwise an IMAGE extension.
    /// </summary>
    public void WriteImage<T>(T[] data, long[] shape, IEnumerable<FitsCard>? cards = null)
        where T : unmanaged
    {
        int bitpix = data switch
        {
            byte[] => 8,
            short[] => 16,
            int[] => 32,
            long[] => 64,
            float[] => -32,
            double[] => -64,
            _ => throw new ArgumentException($"FITS images hold byte, short, int, long, float or double, not {typeof(T).Name}", nameof(data)),
        };
        long count = shape.Length == 0 ? 0 : 1;
        foreach (long n in shape)
        {
            if (n < 0) throw new ArgumentOutOfRangeException(nameof(shape), "image axes cannot be negative");
            count *= n;
        }
        if (count != data.Length) throw new ArgumentException($"shape [{string.Join(", ", shape)}] holds {count} values but {data.Length} were given", nameof(data));

        var header = new List<FitsCard>();
        header.Add(_hduCount == 0 ? FitsCard.Create("SIMPLE", true, "conforms to FITS standard") : FitsCard.Create("XTENSION", "IMAGE", "image extension"));
        header.Add(FitsCard.Create("BITPIX", (long)bitpix));
        header.Add(FitsCard.Create("NAXIS", (long)shape.Length));
        for (int i = 0; i < shape.Length; i++) header.Add(FitsCard.Create($"NAXIS{i + 1}", shape[i]));
        if (_hduCount == 0) header.Add(FitsCard.Create("EXTEND", true));
        else
        {
            header.Add(FitsCard.Create("PCOUNT", 0L));
            header.Add(FitsCard.Create("GCOUNT", 1L));
        }
        WriteHdu(header, cards, BigEndian(data));
    }

    /// <summary>A BINTABLE extension (an empty primary is written first when needed). All columns must have the same row count.</summary>
    public void WriteBinaryTable(IReadOnlyList<FitsTableColumnData> columns, IEnumerable<FitsCard>? cards = null, string? extName = null)
    {
        if (columns.Count == 0) throw new ArgumentException("a table needs at least one column", nameof(columns));
        int rows = columns[0].RowCount;
        foreach (var c in columns)
        {
            if (c.RowCount != rows) throw new ArgumentException($"column '{c.Name}' has {c.RowCount} rows, column '{columns[0].Name}' has {rows}", nameof(columns));
        }
        if (_hduCount == 0) WriteEmptyPrimary();

        var widths = columns.Select(c => (int)FitsColumn.FieldWidth(c.TypeCode, c.Repeat)).ToArray();
        int rowLength = widths.Sum();
        var header = BinaryTableHeader(columns.Select(FitsTableColumnDeclaration.Of).ToList(), rowLength, rows, extName);

        var data = new byte[checked((long)rowLength * rows)];
        for (int i = 0, offset = 0; i < columns.Count; offset += widths[i], i++)
        {
            for (int r = 0; r < rows; r++) EncodeField(columns[i], r, data.AsSpan((r * rowLength) + offset, widths[i]));
        }
        WriteHdu(header, cards, data);
    }

    /// <summary>
    /// A BINTABLE extension whose rows are streamed: the header (with NAXIS2 = <paramref name="rows"/>) is written now,
    /// the rows through the returned writer, which must be completed before another HDU is written. An empty primary
    /// is written first when needed.
    /// </summary>
    internal FitsTableRowWriter BeginBinaryTable(IReadOnlyList<FitsTableColumnDeclaration> columns, long rows, IEnumerable<FitsCard>? cards = null, string? extName = null)
    {
        if (columns.Count == 0) throw new ArgumentException("a table needs at least one column", nameof(columns));
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        foreach (var c in columns) c.Validate();
        if (_hduCount == 0) WriteEmptyPrimary();
        int rowLength = checked(columns.Sum(c => c.Width));
        WriteHeader(BinaryTableHeader(columns, rowLength, rows, extName), cards);
        _openTable = new FitsTableRowWriter(_stream, rowLength, rows, () =>
        {
            _openTable = null;
            _hduCount++;
        });
        return _openTable;
    }

    private static List<FitsCard> BinaryTableHeader(IReadOnlyList<FitsTableColumnDeclaration> columns, int rowLength, long rows, string? extName)
    {
        var header = new List<FitsCard>
        {
            FitsCard.Create("XTENSION", "BINTABLE", "binary table extension"),
            FitsCard.Create("BITPIX", 8L),
            FitsCard.Create("NAXIS", 2L),
            FitsCard.Create("NAXIS1", (long)rowLength, "bytes per row"),
            FitsCard.Create("NAXIS2", rows, "rows"),
            FitsCard.Create("PCOUNT", 0L),
            FitsCard.Create("GCOUNT", 1L),
            FitsCard.Create("TFIELDS", (long)columns.Count),
        };
        for (int i = 0; i < columns.Count; i++)
        {
            var c = columns[i];
            header.Add(FitsCard.Create($"TTYPE{i + 1}", c.Name));
            header.Add(FitsCard.Create($"TFORM{i + 1}", c.Format));
            if (c.Unit is not null) header.Add(FitsCard.Create($"TUNIT{i + 1}", c.Unit));
            if (c.Dims is not null) header.Add(FitsCard.Create($"TDIM{i + 1}", "(" + string.Join(",", c.Dims) + ")"));
        }
        if (extName is not null) header.Add(FitsCard.Create("EXTNAME", extName));
        return header;
    }

    private static void EncodeField(FitsTableColumnData c, int row, Span<byte> dst)
    {
        int start = row * c.Repeat;
        switch (c.Values)
        {
            case float[] f: FitsBigEndian.FromFloat32(f.AsSpan(start, c.Repeat), dst); break;
            case double[] d: FitsBigEndian.FromFloat64(d.AsSpan(start, c.Repeat), dst); break;
            case short[] s: FitsBigEndian.FromInt16(s.AsSpan(start, c.Repeat), dst); break;
            case int[] j: FitsBigEndian.FromInt32(j.AsSpan(start, c.Repeat), dst); break;
            case long[] k: FitsBigEndian.FromInt64(k.AsSpan(start, c.Repeat), dst); break;
            case bool[] l:
                for (int i = 0; i < c.Repeat; i++) dst[i] = l[start + i] ? (byte)'T' : (byte)'F';
                break;
            case string[] a:
                dst.Fill((byte)' ');
                Encoding.ASCII.GetBytes(a[row], dst);
                break;
            default: throw new InvalidOperationException($"column '{c.Name}' holds {c.Values.GetType().Name}");
        }
    }

    private static byte[] BigEndian<T>(T[] data)
        where T : unmanaged
    {
        switch (data)
        {
            case byte[] b: return (byte[])b.Clone();
            case short[] s: { var o = new byte[s.Length * 2]; FitsBigEndian.FromInt16(s, o); return o; }
            case int[] i: { var o = new byte[i.Length * 4L]; FitsBigEndian.FromInt32(i, o); return o; }
            case long[] l: { var o = new byte[l.Length * 8L]; FitsBigEndian.FromInt64(l, o); return o; }
            case float[] f: { var o = new byte[f.Length * 4L]; FitsBigEndian.FromFloat32(f, o); return o; }
            default: { var d = MemoryMarshal.Cast<T, double>(data); var o = new byte[d.Length * 8L]; FitsBigEndian.FromFloat64(d, o); return o; }
        }
    }

    private void WriteHdu(List<FitsCard> structural, IEnumerable<FitsCard>? cards, byte[] data)
    {
        WriteHeader(structural, cards);
        _stream.Write(data);
        int pad = (int)((BlockSize - (data.LongLength % BlockSize)) % BlockSize);
        _stream.Write(new byte[pad]);
        _hduCount++;
    }

    private void WriteHeader(List<FitsCard> structural, IEnumerable<FitsCard>? cards)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_openTable is not null) throw new InvalidOperationException("the streamed table's rows are not complete yet");
        foreach (var card in cards ?? [])
        {
            if (!card.IsCommentary && StructuralKey().IsMatch(card.Key))
                throw new ArgumentException($"FITS keyword '{card.Key}' is structural and written by {nameof(FitsWriter)} itself", nameof(cards));
            structural.Add(card);
        }
        var text = new StringBuilder();
        foreach (var card in structural)
        {
            foreach (string image in FitsCardFormatter.Format(card)) text.Append(image);
        }
        text.Append("END".PadRight(80));
        int padded = (text.Length + BlockSize - 1) / BlockSize * BlockSize;
        text.Append(' ', padded - text.Length);
        _stream.Write(Encoding.ASCII.GetBytes(text.ToString()));
    }

    [GeneratedRegex("^(SIMPLE|XTENSION|BITPIX|NAXIS\\d*|PCOUNT|GCOUNT|EXTEND|TFIELDS|TFORM\\d+|TTYPE\\d+|TUNIT\\d+|TDIM\\d+|END)$", RegexOptions.IgnoreCase)]
    private static partial Regex StructuralKey();

    /// <summary>Finishes the file (an empty primary if nothing was written) and closes the stream unless left open.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        if (_hduCount == 0 && _openTable is null) WriteEmptyPrimary();
        _disposed = true;
        if (_stream is GZipStream or BZip2OutputStream) _stream.Dispose();
        else if (!_leaveOpen) _stream.Dispose();
        else _stream.Flush();
    }
}
