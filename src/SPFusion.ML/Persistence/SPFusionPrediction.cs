namespace SPFusion.ML.Persistence;

/// <summary>One star's predicted targets, in input row order.</summary>
/// <param name="PredictedMass">Predicted mass (Msun).</param>
/// <param name="PredictedAge">Predicted age (Gyr).</param>
public readonly record struct SPFusionPrediction(float PredictedMass, float PredictedAge)
{
    /// <summary>Standard deviation of the mass (Msun); null when the model has no uncertainty.</summary>
    public float? MassSigma { get; init; }

    /// <summary>Standard deviation of the age (Gyr); null when the model has no uncertainty.</summary>
    public float? AgeSigma { get; init; }
}
