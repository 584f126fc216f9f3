using Microsoft.ML.Transforms;

namespace SPFusion.ML.Persistence;

/// <summary>Factory for <see cref="PredictionSplitMappings.ScoreIsMassContract"/>.</summary>
[CustomMappingFactoryAttribute(PredictionSplitMappings.ScoreIsMassContract)]
internal sealed class ScoreIsMassMappingFactory : CustomMappingFactory<PredictionSplitMappings.RawPrediction, PredictionSplitMappings.SplitPrediction>
{
    /// <inheritdoc/>
    public override Action<PredictionSplitMappings.RawPrediction, PredictionSplitMappings.SplitPrediction> GetMapping() =>
        static (i, o) => PredictionSplitMappings.Split(i, o, ScoreTarget.Mass);
}
