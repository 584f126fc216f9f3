namespace SPFusion.ML.Runtime;

/// <summary>
/// Derives sub-seeds (validation split, per-epoch shuffles) from the user's seed. <see cref="HashCode.Combine{T1, T2}"/>
/// is randomised per process, so seeds built with it gave a different split and batch order in every run.
/// </summary>
internal static class SeedMix
{
    /// <summary>A SplitMix64 finaliser over the parts: the same inputs give the same seed in every process.</summary>
    public static int Combine(params ReadOnlySpan<long> parts)
    {
        ulong state = 0x9E3779B97F4A7C15UL;
        foreach (long part in parts)
        {
            state = unchecked(state + (ulong)part + 0x9E3779B97F4A7C15UL);
            state = unchecked((state ^ (state >> 30)) * 0xBF58476D1CE4E5B9UL);
            state = unchecked((state ^ (state >> 27)) * 0x94D049BB133111EBUL);
            state ^= state >> 31;
        }
        return unchecked((int)(state ^ (state >> 32)));
    }
}
