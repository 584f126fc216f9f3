using Microsoft.ML.Data;
using SPFusion.ML;
using SPFusion.Transforms;

namespace SPFusion.Benchmarks.Inference;

/// <summary>ML.NET input row: the two prepared inputs.</summary>
internal sealed class StarInput
{
    [VectorType(SPFusionShapes.SpectrumLength)]
    public float[] Spectrum { get; set; } = [];

    [VectorType(SPFusionShapes.PhotometryLength)]
    public float[] Photometry { get; set; } = [];

    public static List<StarInput> Random(int count, int seed)
    {
        var rows = new List<StarInput>(count);
        for (int i = 0; i < count; i++)
        {
            rows.Add(new StarInput
            {
                Spectrum = ExportedGraph.RandomValues(SPFusionShapes.SpectrumLength, seed + (2 * i)),
                Photometry = ExportedGraph.RandomValues(SPFusionShapes.PhotometryLength, seed + (2 * i) + 1),
            });
        }

        return rows;
    }
}

/// <summary>ML.NET output row of an SPFusion model.</summary>
internal sealed class StarPrediction
{
    public float PredictedMass { get; set; }

    public float PredictedAge { get; set; }
}
