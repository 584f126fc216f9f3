using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace SPFusion.Transforms.MLNet;

/// <summary>
/// Adds a scalar column to rows that have only vector inputs, so a built-in Expression transform can attach the
/// options text (Expression maps a vector per slot, a scalar to a scalar).
/// </summary>
[CustomMappingFactoryAttribute(Contract)]
internal sealed class RowMarkerMapping : CustomMappingFactory<RowMarkerMapping.Input, RowMarkerMapping.Output>
{
    /// <summary>Contract name stored in model zips.</summary>
    public const string Contract = "SPFusion.RowMarker.v1";

    /// <summary>Reads the flux column only to tie the mapping to the row.</summary>
    public sealed class Input
    {
        /// <summary>Flux samples (unused).</summary>
        [ColumnName(TemporaryColumns.Flux)]
        public float[] Flux { get; set; } = [];
    }

    /// <summary>A constant scalar.</summary>
    public sealed class Output
    {
        /// <summary>Always 0.</summary>
        [ColumnName(TemporaryColumns.Marker)]
        public float Marker { get; set; }
    }

    /// <inheritdoc/>
    public override Action<Input, Output> GetMapping() => static (_, output) => output.Marker = 0;
}
