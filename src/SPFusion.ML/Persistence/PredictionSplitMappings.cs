using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace SPFusion.ML.Persistence;

/// <summary>
/// Stateless ML.NET custom mappings that split the network's [1,2] prediction vector into scalar columns.
/// They persist in a model zip by contract name only, so the choice of Score target is encoded in the name.
/// Register before loading a zip: <c>mlContext.ComponentCatalog.RegisterAssembly(typeof(PredictionSplitMappings).Assembly)</c>.
/// </summary>
internal static class PredictionSplitMappings
{
    /// <summary>Column the ONNX prediction ([N,2], mass then age) is copied to before splitting.</summary>
    public const string RawPredictionColumn = "SPFusionRawPrediction";

    /// <summary>Contract name of the mapping whose Score is the mass.</summary>
    public const string ScoreIsMassContract = "SPFusion.SplitPrediction.ScoreIsMass";

    /// <summary>Contract name of the mapping whose Score is the age.</summary>
    public const string ScoreIsAgeContract = "SPFusion.SplitPrediction.ScoreIsAge";

    /// <summary>The contract name for <paramref name="target"/>.</summary>
    public static string ContractFor(ScoreTarget target) => target switch
    {
        ScoreTarget.Mass => ScoreIsMassContract,
        ScoreTarget.Age => ScoreIsAgeContract,
        _ => throw new ArgumentOutOfRangeException(nameof(target), target, "unknown score target"),
    };

    /// <summary>Mapping input: the raw prediction vector as OnnxTransformer delivers it (shape [1,2]).</summary>
    public sealed class RawPrediction
    {
        /// <summary>Mass then age.</summary>
        [ColumnName(RawPredictionColumn)]
        [VectorType(1, 2)]
        public float[] Values { get; set; } = [];
    }

    /// <summary>Mapping output columns.</summary>
    public sealed class SplitPrediction
    {
        /// <summary>The target chosen as ML.NET's Score.</summary>
        public float Score { get; set; }

        /// <summary>Predicted mass (Msun).</summary>
        public float PredictedMass { get; set; }

        /// <summary>Predicted age (Gyr).</summary>
        public float PredictedAge { get; set; }
    }

    internal static void Split(RawPrediction input, SplitPrediction output, ScoreTarget target)
    {
        if (input.Values.Length != 2)
            throw new InvalidDataException($"column '{RawPredictionColumn}' holds {input.Values.Length} values; expected 2 (mass, age)");
        output.PredictedMass = input.Values[0];
        output.PredictedAge = input.Values[1];
        output.Score = target == ScoreTarget.Mass ? output.PredictedMass : output.PredictedAge;
    }
}
