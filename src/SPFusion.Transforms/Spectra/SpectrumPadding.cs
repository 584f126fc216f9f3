namespace SPFusion.Transforms.Spectra;

/// <summary>
/// The authors' normalisation: min-max to [0,1] on the spectrum's own extremes, then zero padding with
/// floor((L - n)/2) zeros on the left. Shared by live preparation and by the reader of the authors' .npy layout.
/// </summary>
internal static class SpectrumPadding
{
    /// <summary>Zeros placed before an <paramref name="n"/>-sample spectrum padded to <paramref name="length"/>.</summary>
    public static int LeftPad(int n, int length) => (length - n) / 2;

    /// <summary>Normalises <paramref name="flux"/> to [0,1] and pads it to <paramref name="length"/> samples.</summary>
    /// <exception cref="InvalidDataException">Flux is empty, too long, non-finite or constant; names <paramref name="source"/>.</exception>
    public static float[] NormaliseAndPad(ReadOnlySpan<float> flux, int length, string source)
    {
        int n = flux.Length;
        if (n == 0)
            throw new InvalidDataException($"{source}: no flux samples to normalise");
        if (n > length)
            throw new InvalidDataException($"{source}: {n} flux samples exceed the padded length {length}");

        int bad = MinMaxScaling.Extremes(flux, out float min, out float max);
        if (bad >= 0)
            throw new InvalidDataException($"{source}: flux sample {bad} is {flux[bad]} (non-finite)");

        if (!(max > min))
            throw new InvalidDataException($"{source}: flux is constant ({min}) and cannot be min-max normalised");

        var result = new float[length];
        MinMaxScaling.Scale(flux, result.AsSpan(LeftPad(n, length), n), min, max);
        return result;
    }
}
