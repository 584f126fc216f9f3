using Microsoft.ML;
using Microsoft.ML.Data;
using SPFusion.ML;
using SPFusion.ML.Evaluation;
using SPFusion.ML.MLNet;
using SPFusion.Transforms;

namespace SPFusion.Examples.QuickStart;

/// <summary>
/// What a linear model learns on the same folds: exact ridge regression (<see cref="RidgeRegression"/>) of mass and age
/// on the prepared spectrum averaged in bins of 8 samples (448 features), and the same plus the three bands' central
/// brightness. If it beats a network, the network or its training is at fault, not the data. (ML.NET's SDCA with a fixed
/// L2 penalty, used here before, stopped at 0.17 Msun on 600 stars where the exact solution reaches about 0.08.)
/// </summary>
internal static class LinearReference
{
    /// <summary>Row names in the results table.</summary>
    public const string SpectrumName = "Ridge, spectrum", ImagesName = "Ridge, + images";

    /// <summary>Spectrum samples averaged into one feature: fewer features than stars' worth of noise, still every band.</summary>
    private const int Bin = 8;

    /// <summary>Side of the central square of each band whose mean brightness is the image feature (the star's core).</summary>
    private const int CoreSize = 16;

    public static TwoTargetCrossValidationResult CrossValidate(MLContext ml, IDataView data, QuickStartOptions o, bool withImages) =>
        ml.Regression.CrossValidateTwoTargets(ml, data, new Estimator(ml, withImages, o.Seed), o.Folds, seed: o.Seed);

    private static double[] Features(PreparedRow row, bool withImages)
    {
        int bins = SPFusionShapes.SpectrumLength / Bin;
        var features = new double[bins + (withImages ? 3 : 0)];
        for (int b = 0; b < bins; b++)
        {
            double sum = 0;
            for (int k = 0; k < Bin; k++) sum += row.Spectrum[(b * Bin) + k];
            features[b] = sum / Bin;
        }
        if (!withImages) return features;
        int size = SPFusionShapes.ImageSize, start = (size - CoreSize) / 2;
        for (int band = 0; band < 3; band++)
        {
            double sum = 0;
            for (int y = start; y < start + CoreSize; y++)
                for (int x = start; x < start + CoreSize; x++)
                    sum += row.Photometry[(((band * size) + y) * size) + x];
            features[bins + band] = sum / (CoreSize * CoreSize);
        }
        return features;
    }

    /// <summary>Fits both targets' ridge on a fold's training rows; the transformer adds PredictedMass and PredictedAge.</summary>
    private sealed class Estimator(MLContext ml, bool withImages, int seed) : IEstimator<ITransformer>
    {
        public ITransformer Fit(IDataView input)
        {
            var rows = ml.Data.CreateEnumerable<PreparedRow>(input, reuseRowObject: false).ToList();
            var x = rows.Select(r => Features(r, withImages)).ToList();
            var mass = RidgeRegression.Fit(x, [.. rows.Select(r => (double)r.Mass)], seed);
            var age = RidgeRegression.Fit(x, [.. rows.Select(r => (double)r.Age)], seed);
            return Mapping((row, prediction) =>
            {
                var features = Features(row, withImages);
                prediction.PredictedMass = (float)mass.Predict(features);
                prediction.PredictedAge = (float)age.Predict(features);
            }).Fit(input);
        }

        public SchemaShape GetOutputSchema(SchemaShape inputSchema) => Mapping((_, _) => { }).GetOutputSchema(inputSchema);

        private IEstimator<ITransformer> Mapping(Action<PreparedRow, Prediction> map) => ml.Transforms.CustomMapping(map, contractName: null);
    }

    private sealed class Prediction
    {
        public float PredictedMass { get; set; }

        public float PredictedAge { get; set; }
    }
}
