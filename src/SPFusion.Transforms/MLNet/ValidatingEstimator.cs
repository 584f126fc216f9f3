using Microsoft.ML;
using Microsoft.ML.Data;

namespace SPFusion.Transforms.MLNet;

/// <summary>
/// A chain of built-in transforms and registered mappings (so the fitted model persists), fronted by input checks
/// whose messages name the user's column and the expected type.
/// </summary>
internal sealed class ValidatingEstimator : IEstimator<ITransformer>
{
    private readonly string _transform;
    private readonly IReadOnlyList<ColumnRequirement> _requirements;
    private readonly IEstimator<ITransformer> _chain;

    internal ValidatingEstimator(string transform, IReadOnlyList<ColumnRequirement> requirements, IEstimator<ITransformer> chain)
    {
        _transform = transform;
        _requirements = requirements;
        _chain = chain;
    }

    /// <inheritdoc/>
    public ITransformer Fit(IDataView input)
    {
        foreach (var r in _requirements) r.Check(input.Schema, _transform);
        return _chain.Fit(input);
    }

    /// <inheritdoc/>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        foreach (var r in _requirements) r.Check(inputSchema, _transform);
        return _chain.GetOutputSchema(inputSchema);
    }
}
