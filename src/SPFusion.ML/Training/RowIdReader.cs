using Microsoft.ML;
using Microsoft.ML.Data;

namespace SPFusion.ML.Training;

/// <summary>Reads an id column of any common scalar type as text, for naming rows in errors.</summary>
internal static class RowIdReader
{
    public static Func<string?>? Create(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        var type = column.Type;
        if (type is TextDataViewType) return Read<ReadOnlyMemory<char>>(cursor, column, v => v.ToString());
        if (type == NumberDataViewType.Int64) return Read<long>(cursor, column, v => v.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (type == NumberDataViewType.Int32) return Read<int>(cursor, column, v => v.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (type == NumberDataViewType.UInt64) return Read<ulong>(cursor, column, v => v.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (type == NumberDataViewType.Double) return Read<double>(cursor, column, v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
        if (type == NumberDataViewType.Single) return Read<float>(cursor, column, v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
        return null;
    }

    private static Func<string?> Read<T>(DataViewRowCursor cursor, DataViewSchema.Column column, Func<T, string> format)
    {
        var getter = cursor.GetGetter<T>(column);
        return () =>
        {
            T value = default!;
            getter(ref value);
            return format(value);
        };
    }
}
