using Microsoft.ML;
using Microsoft.ML.Data;
using SPFusion.ML;
using SPFusion.ML.Evaluation;

namespace SPFusion.Examples.QuickStart;

/// <summary>
/// What a linear model learns on the same folds: ridge regression (ML.NET's SDCA with squared loss and an L2 penalty,
/// features standardised) of mass and age on the 3,584 prepared spectrum values, and the same plus the three bands'
/// central brightness. If it beats a network, the network or its training is at fault, not the data.
/// </summary>
internal static class LinearReference
{
    /// <summary>Row names in the results table.</summary>
    public const string SpectrumName = "Ridge, spectrum", ImagesName = "Ridge, + images";

    /// <summary>The L2 penalty of both ridge fits (chosen once on fold 1 of a 1,500-star synthetic survey; see README).</summary>
    public const float L2 = 0.1f;

    /// <summary>Side of the central square of each band whose mean brightness is the image feature (the star's core).</summary>
    private const int CoreSize = 16;

    public static TwoTargetCrossValidationResult CrossValidate(MLContext ml, IDataView data, QuickStartOptions o, bool withImages)
    {
        var features = withImages
            ? ml.Transforms.CustomMapping<PhotometryInput, CoreBrightness>(CoreBrightness.Map, contractName: null)
                .Append(ml.Transforms.Concatenate("Features", SPFusionColumns.Spectrum, nameof(CoreBrightness.Core)))
            : (IEstimator<ITransformer>)ml.Transforms.Concatenate("Features", SPFusionColumns.Spectrum);
        var pipeline = features
            .Append(ml.Transforms.NormalizeMeanVariance("Features"))
            .Append(Ridge(ml, SPFusionColumns.Mass))
            .Append(ml.Transforms.CopyColumns(SPFusionColumns.PredictedMass, "Score"))
            .Append(Ridge(ml, SPFusionColumns.Age))
            .Append(ml.Transforms.CopyColumns(SPFusionColumns.PredictedAge, "Score"));
        return TwoTargetCrossValidation.Run(ml, data, pipeline, o.Folds, seed: o.Seed);
    }

    private static IEstimator<ITransformer> Ridge(MLContext ml, string label) =>
        ml.Regression.Trainers.Sdca(labelColumnName: label, featureColumnName: "Features", l2Regularization: L2, maximumNumberOfIterations: 200);

    private sealed class PhotometryInput
    {
        [VectorType(SPFusionColumns.PhotometryLength)]
        public float[] Photometry { get; set; } = [];
    }

    private sealed class CoreBrightness
    {
        [VectorType(3)]
        public float[] Core { get; set; } = new float[3];

        public static void Map(PhotometryInput input, CoreBrightness output)
        {
            int size = SPFusionColumns.ImageSize, start = (size - CoreSize) / 2;
            output.Core = new float[3];
            for (int band = 0; band < 3; band++)
            {
                double sum = 0;
                for (int y = start; y < start + CoreSize; y++)
                    for (int x = start; x < start + CoreSize; x++)
                        sum += input.Photometry[(band * size + y) * size + x];
                output.Core[band] = (float)(sum / (CoreSize * CoreSize));
            }
        }
    }
}
