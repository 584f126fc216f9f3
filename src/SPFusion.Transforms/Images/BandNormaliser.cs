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
        int bad = MinMaxScaling.Extremes(band, out float min, out float max);
        if (bad >= 0)
            throw new InvalidDataException($"{describe()}: value {bad} is {band[bad]} (non-finite)");

        if (!(max > min))
            throw new InvalidDataException($"{describe()}: the band is constant ({min}) and cannot be min-max normalised");

        MinMaxScaling.Scale(band, output, min, max);
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
