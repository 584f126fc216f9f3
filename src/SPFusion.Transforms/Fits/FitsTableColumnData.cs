namespace SPFusion.Transforms.Fits;

/// <summary>
/// A column to write into a BINTABLE: the values of all rows flattened (row after row, <see cref="Repeat"/> per row).
/// Build it with the typed factories so the array type always matches the TFORM code.
/// </summary>
public sealed class FitsTableColumnData
{
    private FitsTableColumnData(string name, char code, int repeat, Array values, string? unit, long[]? dims, int rows)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("a FITS column needs a name", nameof(name));
        if (repeat < 1) throw new ArgumentOutOfRangeException(nameof(repeat), $"column '{name}': repeat must be at least 1");
        Name = name;
        TypeCode = code;
        Repeat = repeat;
        Values = values;
        Unit = unit;
        Dims = dims;
        RowCount = rows;
    }

    /// <summary>TTYPEn.</summary>
    public string Name { get; }

    /// <summary>The TFORM type letter.</summary>
    public char TypeCode { get; }

    /// <summary>Elements per row (characters per row for A).</summary>
    public int Repeat { get; }

    /// <summary>The flattened values (string[] for A, bool[] for L).</summary>
    public Array Values { get; }

    /// <summary>TUNITn, or null.</summary>
    public string? Unit { get; }

    /// <summary>TDIMn in FITS order, or null.</summary>
    public long[]? Dims { get; }

    /// <summary>Number of rows the values make.</summary>
    public int RowCount { get; }

    /// <summary>TFORMn as written.</summary>
    public string Format => $"{Repeat}{TypeCode}";

    /// <summary>An E (float32) column.</summary>
    public static FitsTableColumnData Float32(string name, float[] values, int repeat = 1, string? unit = null, long[]? dims = null) =>
        new(name, 'E', repeat, values, unit, dims, Rows(name, values.Length, repeat));

    /// <summary>A D (float64) column.</summary>
    public static FitsTableColumnData Float64(string name, double[] values, int repeat = 1, string? unit = null, long[]? dims = null) =>
        new(name, 'D', repeat, values, unit, dims, Rows(name, values.Length, repeat));

    /// <summary>An I (int16) column.</summary>
    public static FitsTableColumnData Int16(string name, short[] values, int repeat = 1, string? unit = null) =>
        new(name, 'I', repeat, values, unit, null, Rows(name, values.Length, repeat));

    /// <summary>A J (int32) column.</summary>
    public static FitsTableColumnData Int32(string name, int[] values, int repeat = 1, string? unit = null) =>
        new(name, 'J', repeat, values, unit, null, Rows(name, values.Length, repeat));

    /// <summary>A K (int64) column.</summary>
    public static FitsTableColumnData Int64(string name, long[] values, int repeat = 1, string? unit = null) =>
        new(name, 'K', repeat, values, unit, null, Rows(name, values.Length, repeat));

    /// <summary>An L (logical) column.</summary>
    public static FitsTableColumnData Logical(string name, bool[] values, int repeat = 1) =>
        new(name, 'L', repeat, values, null, null, Rows(name, values.Length, repeat));

    /// <summary>An A column of one string per row, each at most <paramref name="width"/> ASCII characters (blank padded).</summary>
    public static FitsTableColumnData Text(string name, string[] values, int width)
    {
        foreach (string v in values)
        {
            if (v.Length > width) throw new ArgumentException($"column '{name}': '{v}' is longer than the column width {width}", nameof(values));
            if (v.Any(c => c is < ' ' or > '~')) throw new ArgumentException($"column '{name}': '{v}' is not printable ASCII", nameof(values));
        }
        return new(name, 'A', width, values, null, null, values.Length);
    }

    private static int Rows(string name, int count, int repeat)
    {
        if (repeat < 1) throw new ArgumentOutOfRangeException(nameof(repeat), $"column '{name}': repeat must be at least 1");
        if (count % repeat != 0) throw new ArgumentException($"column '{name}': {count} values is not a multiple of the repeat count {repeat}");
        return count / repeat;
    }
}
