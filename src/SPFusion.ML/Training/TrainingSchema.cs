using Microsoft.ML;
using Microsoft.ML.Data;

namespace SPFusion.ML.Training;

/// <summary>
/// Input-column checks with messages that name the column and the expected type and size; a non-null <c>dataSet</c>
/// (e.g. "ValidationData") is named in place of "input"/"label", so an error in the validation set says so.
/// </summary>
internal static class TrainingSchema
{
    public static DataViewSchema.Column Vector(DataViewSchema schema, string name, int size, string? dataSet = null)
    {
        var column = schema.GetColumnOrNull(name)
            ?? throw new ArgumentException($"{dataSet ?? "input"} column '{name}' not found; expected a vector of {size} Single (float) values");
        if (column.Type is not VectorDataViewType v || v.ItemType != NumberDataViewType.Single || v.Size != size)
            throw new ArgumentException($"{dataSet ?? "input"} column '{name}' has type {column.Type}; expected a vector of {size} Single (float) values");
        return column;
    }

    public static DataViewSchema.Column Scalar(DataViewSchema schema, string name, string? dataSet = null)
    {
        var column = schema.GetColumnOrNull(name)
            ?? throw new ArgumentException($"{(dataSet is null ? "label column" : dataSet + " column")} '{name}' not found; expected a Single (float) scalar");
        if (column.Type != NumberDataViewType.Single)
            throw new ArgumentException($"{(dataSet is null ? "label column" : dataSet + " column")} '{name}' has type {column.Type}; expected a Single (float) scalar");
        return column;
    }

    public static void Vector(SchemaShape shape, string name, int size)
    {
        if (!TryFind(shape, name, out var column))
            throw new ArgumentException($"input column '{name}' not found; expected a vector of {size} Single (float) values");
        if (column.Kind != SchemaShape.Column.VectorKind.Vector || column.ItemType != NumberDataViewType.Single)
            throw new ArgumentException($"input column '{name}' is {column.Kind} of {column.ItemType}; expected a vector of {size} Single (float) values");
    }

    public static void Scalar(SchemaShape shape, string name)
    {
        if (!TryFind(shape, name, out var column))
            throw new ArgumentException($"label column '{name}' not found; expected a Single (float) scalar");
        if (column.Kind != SchemaShape.Column.VectorKind.Scalar || column.ItemType != NumberDataViewType.Single)
            throw new ArgumentException($"label column '{name}' is {column.Kind} of {column.ItemType}; expected a Single (float) scalar");
    }

    private static bool TryFind(SchemaShape shape, string name, out SchemaShape.Column column)
    {
        foreach (var c in shape)
        {
            if (c.Name == name)
            {
                column = c;
                return true;
            }
        }
        column = default;
        return false;
    }
}
