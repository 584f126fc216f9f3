using Microsoft.ML.Data;
using SPFusion.Transforms;

namespace SPFusion.ML.Persistence;

/// <summary>
/// The stateless ML.NET custom mapping that splits a model's [1,2] <c>prediction_sigma</c> vector into the float columns
/// <c>MassSigma</c> and <c>AgeSigma</c>. Like <see cref="PredictionSplitMappings"/> it persists in a model zip by its
/// contract name only; it is added only for graphs with the output, so a model without an uncertainty gains no column.
/// </summary>
internal static class SigmaSplitMappings
{
    /// <summary>Column the ONNX <c>prediction_sigma</c> ([N,2], mass then age) is copied to before splitting.</summary>
    public const string RawSigmaColumn = "SPFusionRawSigma";

    /// <summary>Contract name of the mapping.</summary>
    public const string SplitSigmaContract = "SPFusion.SplitSigma";

    /// <summary>Mapping input: the raw sigma vector as OnnxTransformer delivers it (shape [1,2]).</summary>
    public sealed class RawSigma
    {
        /// <summary>Mass sigma then age sigma.</summary>
        [ColumnName(RawSigmaColumn)]
        [VectorType(1, 2)]
        public float[] Values { get; set; } = [];
    }

    /// <summary>Mapping output columns.</summary>
    public sealed class SplitSigma
    {
        /// <summary>Standard deviation of the predicted mass (Msun).</summary>
        [ColumnName(SPFusionColumns.MassSigma)]
        public float MassSigma { get; set; }

        /// <summary>Standard deviation of the predicted age (Gyr).</summary>
        [ColumnName(SPFusionColumns.AgeSigma)]
        public float AgeSigma { get; set; }
    }

    internal static void Split(RawSigma input, SplitSigma output)
    {
        if (input.Values.Length != 2)
            throw new InvalidDataException($"column '{RawSigmaColumn}' holds {input.Values.Length} values; expected 2 (mass sigma, age sigma)");
        output.MassSigma = input.Values[0];
        output.AgeSigma = input.Values[1];
    }
}
