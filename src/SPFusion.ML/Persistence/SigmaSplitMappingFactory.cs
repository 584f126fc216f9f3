using Microsoft.ML.Transforms;

namespace SPFusion.ML.Persistence;

/// <summary>Factory for <see cref="SigmaSplitMappings.SplitSigmaContract"/>.</summary>
[CustomMappingFactoryAttribute(SigmaSplitMappings.SplitSigmaContract)]
internal sealed class SigmaSplitMappingFactory : CustomMappingFactory<SigmaSplitMappings.RawSigma, SigmaSplitMappings.SplitSigma>
{
    /// <inheritdoc/>
    public override Action<SigmaSplitMappings.RawSigma, SigmaSplitMappings.SplitSigma> GetMapping() =>
        static (i, o) => SigmaSplitMappings.Split(i, o);
}
