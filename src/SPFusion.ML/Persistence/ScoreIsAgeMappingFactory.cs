using Microsoft.ML.Transforms;

namespace SPFusion.ML.Persistence;

/// <summary>Factory for <see cref="PredictionSplitMappings.ScoreIsAgeContract"/>.</summary>
[CustomMappingFactoryAttribute(PredictionSplitMappings.ScoreIsAgeContract)]
internal sealed class ScoreIsAgeMappingFactory : CustomMappingFactory<PredictionSplitMappings.RawPrediction, PredictionSplitMappings.SplitPrediction>
{
    /// <inheritdoc/>
    public override Action<PredictionSplitMappings.RawPrediction, PredictionSplitMappings.SplitPrediction> GetMapping() =>
        static (i, o) => PredictionSplitMappings.Split(i, o, ScoreTarget.Age);
}
