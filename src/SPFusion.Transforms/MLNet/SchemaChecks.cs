using Microsoft.ML;
using Microsoft.ML.Data;

namespace SPFusion.Transforms.MLNet;

/// <summary>What an input column must be; checked against both schema forms ML.NET passes around.</summary>
/// <param name="Name">The user's column name.</param>
/// <param name="Kind">Scalar, fixed-size vector or variable vector.</param>
/// <param name="ItemType">Expected item type.</param>
/// <param name="Description">Human wording of the expectation, used in messages.</param>
internal sealed record ColumnRequirement(string Name, SchemaShape.Column.VectorKind Kind, DataViewType ItemType, string Description)
{
    public static ColumnRequirement Text(string name) =>
        new(name, SchemaShape.Column.VectorKind.Scalar, TextDataViewType.Instance, "a String (text) scalar");

    public static ColumnRequirement Number(string name) =>
        new(name, SchemaShape.Column.VectorKind.Scalar, NumberDataViewType.Double, "a numeric (Single or Double) scalar");

    public static ColumnRequirement VarVector(string name, DataViewType item, string itemName) =>
        new(name, SchemaShape.Column.VectorKind.VariableVector, item, $"a vector of {itemName}");

    public void Check(SchemaShape shape, string transform)
    {
        SchemaShape.Column? found = null;
        foreach (var c in shape)
        {
            if (c.Name == Name) found = c;
        }
        if (found is not { } col) throw new ArgumentException($"{transform}: input column '{Name}' not found; expected {Description}");
        if (!Matches(col.Kind, col.ItemType))
            throw new ArgumentException($"{transform}: input column '{Name}' is {col.Kind} of {col.ItemType}; expected {Description}");
    }

    public void Check(DataViewSchema schema, string transform)
    {
        var col = schema.GetColumnOrNull(Name)
            ?? throw new ArgumentException($"{transform}: input column '{Name}' not found; expected {Description}");
        var kind = col.Type is VectorDataViewType v
            ? (v.IsKnownSize ? SchemaShape.Column.VectorKind.Vector : SchemaShape.Column.VectorKind.VariableVector)
            : SchemaShape.Column.VectorKind.Scalar;
        var item = col.Type is VectorDataViewType vt ? vt.ItemType : col.Type;
        if (!Matches(kind, item))
            throw new ArgumentException($"{transform}: input column '{Name}' has type {col.Type}; expected {Description}");
    }

    private bool Matches(SchemaShape.Column.VectorKind kind, DataViewType item)
    {
        bool kindOk = Kind == SchemaShape.Column.VectorKind.Scalar
            ? kind == SchemaShape.Column.VectorKind.Scalar
            : kind != SchemaShape.Column.VectorKind.Scalar;
        bool itemOk = ItemType == NumberDataViewType.Double && Kind == SchemaShape.Column.VectorKind.Scalar
            ? item == NumberDataViewType.Double || item == NumberDataViewType.Single
            : item == ItemType;
        return kindOk && itemOk;
    }
}
