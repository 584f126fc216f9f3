namespace SPFusion.Transforms.Fits;

/// <summary>
/// A primary or IMAGE extension array. Physical values are BZERO + BSCALE * stored value; for integer data the BLANK value
/// becomes NaN. Element order is FITS order: NAXIS1 varies fastest.
/// </summary>
public sealed class ImageHdu : FitsHdu
{
    internal ImageHdu(FitsFile file, int index, FitsHeader header, FitsHduLayout layout)
        : base(file, index, header, layout)
    {
        if (index > 0 && (layout.PCount != 0 || layout.GCount != 1))
            throw Error("PCOUNT", $"an IMAGE extension needs PCOUNT = 0 and GCOUNT = 1, found {layout.PCount} and {layout.GCount}");
        BScale = header.GetDouble("BSCALE") ?? 1.0;
        BZero = header.GetDouble("BZERO") ?? 0.0;
        Blank = Bitpix > 0 ? header.GetInt64("BLANK") : null;
        if (BScale == 0) throw Error("keyword 'BSCALE'", "BSCALE = 0 would erase the data");
    }

    /// <inheritdoc/>
    public override string TypeName => Index == 0 ? "PRIMARY" : "IMAGE";

    /// <summary>NAXIS1..NAXISn (FITS order); empty when the HDU has no data.</summary>
    public long[] Shape => [.. Axes];

    /// <summary>Number of elements (0 when NAXIS = 0).</summary>
    public long ElementCount => Axes.Count == 0 ? 0 : DataLength / (Math.Abs(Bitpix) / 8);

    /// <summary>True when the HDU carries an array (NAXIS &gt; 0 and no zero axis).</summary>
    public bool HasData => ElementCount > 0;

    /// <summary>BSCALE (1 when absent).</summary>
    public double BScale { get; }

    /// <summary>BZERO (0 when absent); e.g. 32768 with BITPIX 16 encodes unsigned 16-bit data.</summary>
    public double BZero { get; }

    /// <summary>BLANK for integer data, or null.</summary>
    public long? Blank { get; }

    private bool IsIdentityScaling => BScale == 1.0 && BZero == 0.0;

    /// <summary>Physical values as float32 (NaN for BLANK).</summary>
    public float[] ReadFloat32()
    {
        if (Bitpix == -32 && IsIdentityScaling)
        {
            byte[] bytes = DataBytes; // read (and size-checked) before anything is allocated from the header
            var result = new float[ElementCount];
            FitsBigEndian.ToFloat32(bytes, result);
            return result;
        }
        double[] d = ReadFloat64();
        var f = new float[d.Length];
        for (int i = 0; i < d.Length; i++) f[i] = (float)d[i];
        return f;
    }

    /// <summary>Physical values as float64 (NaN for BLANK).</summary>
    public double[] ReadFloat64()
    {
        byte[] raw = DataBytes;
        long n = ElementCount;
        var result = new double[n];
        switch (Bitpix)
        {
            case 8:
                for (long i = 0; i < n; i++) result[i] = Scale(raw[i]);
                break;
            case 16:
                {
                    var v = new short[n];
                    FitsBigEndian.ToInt16(raw, v);
                    for (long i = 0; i < n; i++) result[i] = Scale(v[i]);
                    break;
                }
            case 32:
                {
                    var v = new int[n];
                    FitsBigEndian.ToInt32(raw, v);
                    for (long i = 0; i < n; i++) result[i] = Scale(v[i]);
                    break;
                }
            case 64:
                {
                    var v = new long[n];
                    FitsBigEndian.ToInt64(raw, v);
                    for (long i = 0; i < n; i++) result[i] = Scale(v[i]);
                    break;
                }
            case -32:
                {
                    var v = new float[n];
                    FitsBigEndian.ToFloat32(raw, v);
                    for (long i = 0; i < n; i++) result[i] = BZero + (BScale * v[i]);
                    break;
                }
            default:
                FitsBigEndian.ToFloat64(raw, result);
                if (!IsIdentityScaling)
                {
                    for (long i = 0; i < n; i++) result[i] = BZero + (BScale * result[i]);
                }
                break;
        }
        return result;
    }

    private double Scale(long stored) => stored == Blank ? double.NaN : BZero + (BScale * stored);

    /// <summary>
    /// The stored values without BSCALE/BZERO or BLANK, as the native array type of BITPIX:
    /// byte[], short[], int[], long[], float[] or double[].
    /// </summary>
    public Array ReadRaw()
    {
        byte[] raw = DataBytes;
        long n = ElementCount;
        switch (Bitpix)
        {
            case 8: return raw.AsSpan(0, (int)n).ToArray();
            case 16: { var v = new short[n]; FitsBigEndian.ToInt16(raw, v); return v; }
            case 32: { var v = new int[n]; FitsBigEndian.ToInt32(raw, v); return v; }
            case 64: { var v = new long[n]; FitsBigEndian.ToInt64(raw, v); return v; }
            case -32: { var v = new float[n]; FitsBigEndian.ToFloat32(raw, v); return v; }
            default: { var v = new double[n]; FitsBigEndian.ToFloat64(raw, v); return v; }
        }
    }
}
