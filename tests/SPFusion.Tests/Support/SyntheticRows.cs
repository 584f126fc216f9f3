using Microsoft.ML.Data;
using SPFusion.ML;
using SPFusion.Transforms;

namespace SPFusion.Tests.Support;

/// <summary>A prepared star row as the SPFusion trainer and models consume it.</summary>
public sealed class StarRow
{
    [VectorType(SPFusionShapes.SpectrumLength)]
    public float[] Spectrum { get; set; } = [];

    [VectorType(SPFusionShapes.PhotometryLength)]
    public float[] Photometry { get; set; } = [];

    public float Mass { get; set; }

    public float Age { get; set; }

    public float Snr { get; set; }
}

/// <summary>Scored output columns.</summary>
public sealed class ScoredRow
{
    public float Score { get; set; }

    public float PredictedMass { get; set; }

    public float PredictedAge { get; set; }
}

internal static class SyntheticRows
{
    /// <summary>Rows with inputs uniform in [0,1] (the network's normalised range), deterministic from the seed.</summary>
    public static List<StarRow> Uniform(int count, int seed)
    {
        var rng = new Random(seed);
        var rows = new List<StarRow>(count);
        for (int i = 0; i < count; i++)
        {
            var s = new float[SPFusionShapes.SpectrumLength];
            var p = new float[SPFusionShapes.PhotometryLength];
            for (int j = 0; j < s.Length; j++) s[j] = rng.NextSingle();
            for (int j = 0; j < p.Length; j++) p[j] = rng.NextSingle();
            rows.Add(new StarRow { Spectrum = s, Photometry = p, Mass = 0.8f + 1.7f * rng.NextSingle(), Age = 0.5f + 11f * rng.NextSingle(), Snr = 5 + 145 * rng.NextSingle() });
        }
        return rows;
    }
}
