using SPFusion.Transforms;
namespace SPFusion.ML.Evaluation;

/// <summary>Column names the two-target evaluator reads (<c>mlContext.Regression.EvaluateTwoTargets</c>).</summary>
public sealed record TwoTargetColumns
{
    /// <summary>Mass label column (float).</summary>
    public string Mass { get; init; } = SPFusionColumns.Mass;

    /// <summary>Age label column (float).</summary>
    public string Age { get; init; } = SPFusionColumns.Age;

    /// <summary>Predicted mass column (float).</summary>
    public string PredictedMass { get; init; } = SPFusionColumns.PredictedMass;

    /// <summary>Predicted age column (float).</summary>
    public string PredictedAge { get; init; } = SPFusionColumns.PredictedAge;

    /// <summary>g-band SNR column (float) for the SNR bins; null or absent from the schema to skip the bins.</summary>
    public string? Snr { get; init; } = SPFusionColumns.Snr;

    /// <summary>Mass standard deviation column (float, Msun); null or absent from the schema to evaluate without mass uncertainty metrics.</summary>
    public string? MassSigma { get; init; } = SPFusionColumns.MassSigma;

    /// <summary>Age standard deviation column (float, Gyr); null or absent from the schema to evaluate without age uncertainty metrics.</summary>
    public string? AgeSigma { get; init; } = SPFusionColumns.AgeSigma;
}
