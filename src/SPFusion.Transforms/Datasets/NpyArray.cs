namespace SPFusion.Transforms.Datasets;

/// <summary>
/// A C-ordered NumPy array read from or written to a <c>.npy</c> file. Values are kept in the file's own
/// precision so a float64 file is not silently rounded; <see cref="ToSingle"/> converts when a model needs float32.
/// </summary>
internal sealed class NpyArray
{
    /// <summary>Wraps float32 values; the shape's product must equal the value count.</summary>
    public NpyArray(int[] shape, float[] values)
        : this(shape, values, null)
    {
    }

    /// <summary>Wraps float64 values; the shape's product must equal the value count.</summary>
    public NpyArray(int[] shape, double[] values)
        : this(shape, null, values)
    {
    }

    private NpyArray(int[] shape, float[]? single, double[]? dbl)
    {
        ArgumentNullException.ThrowIfNull(shape);
        long count = 1;
        foreach (int d in shape)
        {
            if (d < 0)
                throw new ArgumentException("negative dimension in shape", nameof(shape));
            count *= d;
        }

        long actual = single?.LongLength ?? dbl!.LongLength;
        if (count != actual)
            throw new ArgumentException($"shape ({string.Join(",", shape)}) holds {count} values but {actual} were given", nameof(shape));
        Shape = (int[])shape.Clone();
        Single = single;
        Double = dbl;
    }

    /// <summary>Dimensions, outermost first (C order).</summary>
    public int[] Shape { get; }

    /// <summary>The values when the array is float32, otherwise null.</summary>
    public float[]? Single { get; }

    /// <summary>The values when the array is float64, otherwise null.</summary>
    public double[]? Double { get; }

    /// <summary>True for float64 storage ('&lt;f8').</summary>
    public bool IsDouble => Double is not null;

    /// <summary>Number of values.</summary>
    public int Length => Single?.Length ?? Double!.Length;

    /// <summary>The values as float32 (the stored array itself for float32, a converted copy for float64).</summary>
    public float[] ToSingle()
    {
        if (Single is not null)
            return Single;
        var d = Double!;
        var result = new float[d.Length];
        for (int i = 0; i < d.Length; i++)
            result[i] = (float)d[i];
        return result;
    }
}
