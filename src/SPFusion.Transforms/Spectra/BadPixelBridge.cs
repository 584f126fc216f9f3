namespace SPFusion.Transforms.Spectra;

/// <summary>
/// Replaces flagged pixels (IVAR = 0 or ORMASK != 0) by linear interpolation in wavelength between the nearest good
/// neighbours, so sky-line residuals and dead columns do not set the min-max range. Ends take the nearest good value.
/// </summary>
internal static class BadPixelBridge
{
    public static bool IsBad(float ivar, int orMask) => !(ivar > 0) || orMask != 0;

    /// <summary>Returns a bridged copy of <paramref name="flux"/>; throws when no pixel is good.</summary>
    public static float[] Bridge(ReadOnlySpan<double> wavelength, ReadOnlySpan<float> flux, ReadOnlySpan<float> ivar, ReadOnlySpan<int> orMask, string source)
    {
        int n = flux.Length;
        var result = flux.ToArray();
        int previousGood = -1;
        int i = 0;
        while (i < n)
        {
            if (!IsBad(ivar[i], orMask[i]))
            {
                previousGood = i;
                i++;
                continue;
            }

            int start = i;
            while (i < n && IsBad(ivar[i], orMask[i]))
                i++;
            int nextGood = i < n ? i : -1;
            if (previousGood < 0 && nextGood < 0)
                throw new InvalidDataException($"{source}: every pixel has IVAR = 0 or a non-zero ORMASK; nothing to bridge from");
            for (int k = start; k < i; k++)
            {
                if (previousGood < 0)
                {
                    result[k] = flux[nextGood];
                }
                else if (nextGood < 0)
                {
                    result[k] = flux[previousGood];
                }
                else
                {
                    double t = (wavelength[k] - wavelength[previousGood]) / (wavelength[nextGood] - wavelength[previousGood]);
                    result[k] = (float)(flux[previousGood] + (t * ((double)flux[nextGood] - flux[previousGood])));
                }
            }
        }

        return result;
    }
}
