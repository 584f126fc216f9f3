namespace SPFusion.Transforms.Images;

/// <summary>
/// Per-band min-max normalisation to [0, 1], as the authors' loader does for the [3, 128, 128] photometric input:
/// every band on its own extremes, so colour information lives only in the spectrum. Shared by live cut-outs and the
/// authors' .npy layout so both give identical inputs.
/// </summary>
internal static class BandNormaliser
{
    /// <summary>Normalises one band into <paramref name="output"/>; <paramref name="describe"/> names it in errors.</summary>
    /// <exception cref="InvalidDataException">The band holds a non-finite value or is constant.</exception>
    public static void Normalise(ReadOnlySpan<float> band, Span<float> output, Func<string> describe)
    {
        ArgumentNullException.ThrowIfNull(describe);
        if (output.Length != band.Length)
            throw new ArgumentException("output length differs from the band's", nameof(output));
        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        for (int k = 0; k < band.Length; k++)
        {
            float v = band[k];
            if (!float.IsFinite(v))
                throw new InvalidDataException($"{describe()}: value {k} is {v} (non-finite)");
            if (v < min)
                min = v;
            if (v > max)
                max = v;
        }

        if (!(max > min))
            throw new InvalidDataException($"{describe()}: the band is constant ({min}) and cannot be min-max normalised");

        // Division (not a reciprocal multiply) keeps the maximum at exactly 1.
        double range = (double)max - min;
        for (int k = 0; k < band.Length; k++)
            output[k] = (float)((band[k] - (double)min) / range);
    }

    /// <summary>Normalises each of <paramref name="bands"/> equal planes of <paramref name="raw"/> into a new array.</summary>
    public static float[] NormaliseBands(ReadOnlySpan<float> raw, int bands, string source)
    {
        if (bands <= 0 || raw.Length % bands != 0)
            throw new ArgumentException($"{raw.Length} values do not split into {bands} bands", nameof(bands));
        int plane = raw.Length / bands;
        var result = new float[raw.Length];
        for (int b = 0; b < bands; b++)
        {
            int band = b;
            Normalise(raw.Slice(b * plane, plane), result.AsSpan(b * plane, plane), () => $"{source}: band {band}");
        }

        return result;
    }
}
