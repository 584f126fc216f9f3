using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace SPFusion.Transforms.Fits;

/// <summary>
/// A BINTABLE extension. Columns are looked up by TTYPE case-insensitively; each reader returns one row's field as a
/// typed array (physical values after TSCAL/TZERO; TNULL becomes NaN in floating reads).
/// </summary>
public sealed class BinaryTableHdu : FitsHdu
{
    private readonly Dictionary<string, FitsColumn> _byName = new(StringComparer.OrdinalIgnoreCase);

    internal BinaryTableHdu(FitsFile file, int index, FitsHeader header, FitsHduLayout layout)
        : base(file, index, header, layout)
    {
        if (layout.Bitpix != 8) throw Error("keyword 'BITPIX'", $"a BINTABLE needs BITPIX = 8, found {layout.Bitpix}");
        if (layout.Axes.Length != 2) throw Error("keyword 'NAXIS'", $"a BINTABLE needs NAXIS = 2, found {layout.Axes.Length}");
        if (layout.GCount != 1) throw Error("keyword 'GCOUNT'", $"a BINTABLE needs GCOUNT = 1, found {layout.GCount}");
        RowLength = layout.Axes[0];
        RowCount = layout.Axes[1];
        // Rows are addressed by int; a zero-width table could otherwise declare more rows than any loop over them can reach.
        if (RowCount > int.MaxValue) throw Error("keyword 'NAXIS2'", $"NAXIS2 = {RowCount} rows exceeds the {int.MaxValue} rows this reader can address");
        long fields = header.RequireInt64("TFIELDS");
        if (fields is < 0 or > 999) throw Error("keyword 'TFIELDS'", $"TFIELDS = {fields} is outside 0..999");
        var columns = new List<FitsColumn>((int)fields);
        long offset = 0;
        for (int n = 1; n <= fields; n++)
        {
            var column = ParseColumn(header, n, offset);
            offset += column.ByteWidth;
            if (offset > RowLength)
                throw Error($"column {n} '{column.Name}'", $"fields up to TFORM{n} need {offset} bytes but NAXIS1 = {RowLength}");
            columns.Add(column);
            _byName.TryAdd(column.Name, column);
        }
        if (offset != RowLength)
            throw Error("keyword 'NAXIS1'", $"the TFORMn fields add up to {offset} bytes per row but NAXIS1 = {RowLength}");
        Columns = columns;
    }

    /// <inheritdoc/>
    public override string TypeName => "BINTABLE";

    /// <summary>Bytes per row (NAXIS1).</summary>
    public long RowLength { get; }

    /// <summary>Number of rows (NAXIS2).</summary>
    public long RowCount { get; }

    /// <summary>The columns in TFORMn order.</summary>
    public IReadOnlyList<FitsColumn> Columns { get; }

    /// <summary>The column named <paramref name="name"/> (TTYPE, case-insensitive); a clear error naming the table when absent.</summary>
    public FitsColumn GetColumn(string name) => _byName.TryGetValue(name, out var c) ? c
        : throw Error($"column '{name}'", $"no such column; the table has {string.Join(", ", Columns.Select(x => x.Name))}");

    /// <summary>True when a column with this name exists.</summary>
    public bool HasColumn(string name) => _byName.ContainsKey(name);

    /// <summary>A numeric field as float32 (physical values; TNULL becomes NaN).</summary>
    public float[] ReadFloat32(int row, string column)
    {
        var c = GetColumn(column);
        if (!IsPlainFloat32(c)) return ToFloat32(ReadFloat64(row, column));
        var result = new float[c.Repeat];
        ReadPlainFloat32(row, c, result);
        return result;
    }

    /// <summary>
    /// <see cref="ReadFloat32(int, string)"/> into <paramref name="destination"/>, which must hold exactly the column's
    /// repeat count; lets a reader that converts the values further reuse one buffer.
    /// </summary>
    internal void ReadFloat32(int row, FitsColumn c, Span<float> destination)
    {
        if (destination.Length != c.Repeat)
            throw new ArgumentException($"column '{c.Name}' has {c.Repeat} elements, the destination {destination.Length}", nameof(destination));
        if (IsPlainFloat32(c)) ReadPlainFloat32(row, c, destination);
        else ToFloat32(ReadFloat64(row, c.Name)).CopyTo(destination);
    }

    private void ReadPlainFloat32(int row, FitsColumn c, Span<float> destination)
    {
        // The big-endian bytes land in the destination itself and are swapped in place: no intermediate buffer.
        var bytes = MemoryMarshal.AsBytes(destination);
        CopyData(FieldStart(row, c), bytes);
        FitsBigEndian.ToFloat32(bytes, destination);
    }

    private static float[] ToFloat32(double[] d)
    {
        var f = new float[d.Length];
        for (int i = 0; i < d.Length; i++) f[i] = (float)d[i];
        return f;
    }

    private static bool IsPlainFloat32(FitsColumn c) => c.TypeCode == 'E' && c.Scale == 1.0 && c.Zero == 0.0;

    /// <summary>A numeric field as float64 (physical values; TNULL becomes NaN).</summary>
    public double[] ReadFloat64(int row, string column)
    {
        var c = GetColumn(column);
        var span = Field(row, c);
        var result = new double[c.Repeat];
        switch (c.TypeCode)
        {
            case 'E':
                for (int i = 0; i < result.Length; i++) result[i] = BinaryPrimitives.ReadSingleBigEndian(span[(i * 4)..]);
                break;
            case 'D':
                FitsBigEndian.ToFloat64(span, result);
                break;
            case 'B' or 'I' or 'J' or 'K':
                for (int i = 0; i < result.Length; i++)
                {
                    long stored = ReadInteger(span, c.TypeCode, i);
                    result[i] = stored == c.Null ? double.NaN : stored;
                }
                break;
            default:
                throw WrongType(c, "a numeric (B, I, J, K, E, D) column");
        }
        if (c.Scale != 1.0 || c.Zero != 0.0)
        {
            for (int i = 0; i < result.Length; i++) result[i] = c.Zero + (c.Scale * result[i]);
        }
        return result;
    }

    /// <summary>
    /// An integer field (B, I, J, K) with an integral TZERO applied (the unsigned conventions). A scaled column or an
    /// element equal to TNULL is an error here; read such columns with <see cref="ReadFloat64(int, string)"/>.
    /// </summary>
    public long[] ReadInt64(int row, string column)
    {
        var c = GetColumn(column);
        if (!c.IsInteger) throw WrongType(c, "an integer (B, I, J, K) column");
        if (c.Scale != 1.0 || c.Zero != Math.Round(c.Zero) || Math.Abs(c.Zero) > 9.2e18)
            throw Error($"column '{c.Name}'", $"TSCAL{c.Number} = {c.Scale}, TZERO{c.Number} = {c.Zero} do not give integer values; use ReadFloat64");
        long zero = (long)c.Zero;
        var span = Field(row, c);
        var result = new long[c.Repeat];
        for (int i = 0; i < result.Length; i++)
        {
            long stored = ReadInteger(span, c.TypeCode, i);
            if (stored == c.Null)
                throw Error($"column '{c.Name}', row {row}", $"element {i} is undefined (TNULL{c.Number} = {c.Null}); use ReadFloat64 to get NaN");
            if (zero > 0 ? stored > long.MaxValue - zero : stored < long.MinValue - zero)
                throw Error($"column '{c.Name}', row {row}", $"element {i} = {stored} plus TZERO{c.Number} = {zero} does not fit in 64 bits; use ReadFloat64");
            result[i] = stored + zero;
        }
        return result;
    }

    /// <summary>A character (A) field; the text ends at the first NUL and trailing blanks are trimmed.</summary>
    public string ReadString(int row, string column)
    {
        var c = GetColumn(column);
        if (c.TypeCode != 'A') throw WrongType(c, "a character (A) column");
        var span = Field(row, c);
        int nul = span.IndexOf((byte)0);
        if (nul >= 0) span = span[..nul];
        return Encoding.Latin1.GetString(span).TrimEnd(' ');
    }

    /// <summary>A logical (L) field, or the bits of an X field (most significant bit first).</summary>
    public bool[] ReadBool(int row, string column)
    {
        var c = GetColumn(column);
        var span = Field(row, c);
        var result = new bool[c.Repeat];
        if (c.TypeCode == 'X')
        {
            for (int i = 0; i < result.Length; i++) result[i] = (span[i / 8] & (0x80 >> (i % 8))) != 0;
            return result;
        }
        if (c.TypeCode != 'L') throw WrongType(c, "a logical (L) or bit (X) column");
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = span[i] switch
            {
                (byte)'T' => true,
                (byte)'F' => false,
                0 => throw Error($"column '{c.Name}', row {row}", $"element {i} is an undefined logical (0x00); a bool cannot hold it"),
                var b => throw Error($"column '{c.Name}', row {row}", $"element {i} is 0x{b:X2}, not a FITS logical ('T', 'F' or 0)"),
            };
        }
        return result;
    }

    /// <summary>A whole numeric column as float64, row after row (Repeat values per row).</summary>
    public double[] ReadColumnFloat64(string column)
    {
        var c = GetColumn(column);
        var result = new double[checked(RowCount * c.Repeat)];
        for (int r = 0; r < RowCount; r++) ReadFloat64(r, column).CopyTo(result, r * c.Repeat);
        return result;
    }

    private static long ReadInteger(ReadOnlySpan<byte> span, char code, int i) => code switch
    {
        'B' => span[i],
        'I' => BinaryPrimitives.ReadInt16BigEndian(span[(i * 2)..]),
        'J' => BinaryPrimitives.ReadInt32BigEndian(span[(i * 4)..]),
        _ => BinaryPrimitives.ReadInt64BigEndian(span[(i * 8)..]),
    };

    private ReadOnlySpan<byte> Field(int row, FitsColumn c)
    {
        long start = FieldStart(row, c);
        return DataBytes.AsSpan((int)start, (int)c.ByteWidth);
    }

    /// <summary>Checks the row and the column's type; returns the field's offset in the data unit.</summary>
    private long FieldStart(int row, FitsColumn c)
    {
        if (row < 0 || row >= RowCount)
            throw new ArgumentOutOfRangeException(nameof(row), $"FITS file '{FilePath}', HDU {Index}: row {row} is outside 0..{RowCount - 1}");
        if (!c.IsSupported)
            throw Error($"column '{c.Name}'", $"TFORM{c.Number} = '{c.Format}' ({c.TypeCode}) is not supported by this reader");
        return (row * RowLength) + c.ByteOffset;
    }

    private FitsFormatException WrongType(FitsColumn c, string expected) =>
        Error($"column '{c.Name}'", $"TFORM{c.Number} = '{c.Format}' is not {expected}");

    private FitsColumn ParseColumn(FitsHeader h, int n, long offset)
    {
        string tform = h.GetString($"TFORM{n}")?.Trim() ?? throw Error($"keyword 'TFORM{n}'", "required keyword is missing");
        int k = 0;
        while (k < tform.Length && char.IsAsciiDigit(tform[k])) k++;
        long repeat = 1;
        if (k > 0 && !long.TryParse(tform.AsSpan(0, k), NumberStyles.None, CultureInfo.InvariantCulture, out repeat))
            throw Error($"keyword 'TFORM{n}'", $"repeat count in '{tform}' is too large");
        if (k >= tform.Length || "LXBIJKAEDCMPQ".IndexOf(tform[k]) < 0)
            throw Error($"keyword 'TFORM{n}'", $"unknown TFORM '{tform}' (expected rT with T one of L X B I J K A E D C M P Q)");
        char code = tform[k];
        if (code is 'P' or 'Q' && repeat > 1)
            throw Error($"keyword 'TFORM{n}'", $"array descriptor '{tform}' must have repeat 0 or 1");
        long width;
        try
        {
            width = FitsColumn.FieldWidth(code, repeat);
        }
        catch (OverflowException)
        {
            throw Error($"keyword 'TFORM{n}'", $"field width of '{tform}' overflows");
        }
        string name = h.GetString($"TTYPE{n}")?.TrimEnd() ?? $"COL{n}";
        string? unit = h.GetString($"TUNIT{n}")?.TrimEnd();
        if (unit?.Length == 0) unit = null;
        long[]? dims = ParseDims(h, n, repeat);
        double scale = h.GetDouble($"TSCAL{n}") ?? 1.0;
        double zero = h.GetDouble($"TZERO{n}") ?? 0.0;
        long? nul = code is 'B' or 'I' or 'J' or 'K' ? h.GetInt64($"TNULL{n}") : null;
        return new FitsColumn(n, name, tform, code, repeat, unit, dims, scale, zero, nul, offset, width);
    }

    private long[]? ParseDims(FitsHeader h, int n, long repeat)
    {
        string? tdim = h.GetString($"TDIM{n}");
        if (tdim is null) return null;
        string t = tdim.Trim();
        if (!t.StartsWith('(') || !t.EndsWith(')'))
            throw Error($"keyword 'TDIM{n}'", $"TDIM '{tdim}' is not of the form (n1,n2,...)");
        var parts = t[1..^1].Split(',');
        var dims = new long[parts.Length];
        long product = 1;
        for (int i = 0; i < parts.Length; i++)
        {
            if (!long.TryParse(parts[i].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out dims[i]) || dims[i] <= 0)
                throw Error($"keyword 'TDIM{n}'", $"TDIM '{tdim}' has an invalid dimension '{parts[i].Trim()}'");
            if (product > long.MaxValue / dims[i])
                throw Error($"keyword 'TDIM{n}'", $"TDIM '{tdim}' describes more elements than 64 bits can count (TFORM{n} has {repeat})");
            product *= dims[i];
        }
        if (product > repeat)
            throw Error($"keyword 'TDIM{n}'", $"TDIM '{tdim}' needs {product} elements but TFORM{n} has {repeat}");
        return dims;
    }
}
