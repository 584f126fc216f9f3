using System.Runtime.InteropServices;
using SPFusion.ML;
using SPFusion.Transforms;

namespace SPFusion.Benchmarks.Data;

/// <summary>
/// Writes synthetic stars as fixed-size float32 records (spectrum 3,584, photometry 3 x 128 x 128, mass, age) so a
/// benchmark can stream any number of them from disk without ever holding them in memory. Deterministic given the seed.
/// </summary>
internal static class SyntheticStarFile
{
    public const int RecordFloats = SPFusionShapes.SpectrumLength + SPFusionShapes.PhotometryLength + 2;

    public const long RecordBytes = RecordFloats * sizeof(float);

    /// <summary>Writes <paramref name="stars"/> records to <paramref name="path"/> (replacing it).</summary>
    public static void Write(string path, int stars, int seed)
    {
        var record = new float[RecordFloats];
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        for (int s = 0; s < stars; s++)
        {
            // A cheap per-star xorshift keeps 20,000 stars (4.2 GB) quick to write yet different from star to star.
            uint state = (uint)SPFusion.ML.Runtime.SeedMix.Combine(seed, s) | 1u;
            for (int k = 0; k < RecordFloats - 2; k++)
            {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                record[k] = (state >> 8) * (1f / (1 << 24));
            }

            record[^2] = 0.8f + (1.7f * record[s % 1000]);
            record[^1] = 1f + (9f * record[(s + 500) % 1000]);
            stream.Write(MemoryMarshal.AsBytes(record.AsSpan()));
        }
    }
}
