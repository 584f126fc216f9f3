using System.Globalization;

namespace SPFusion.Transforms.Datasets;

/// <summary>
/// The one rule for mass and age values read from a catalogue or a label table: either missing (NaN/empty, which
/// predict accepts and training refuses or skips) or a positive finite number. Zero or negative values are refused by
/// the reader, so train, evaluate and predict treat them alike.
/// </summary>
internal static class PhysicalLabels
{
    /// <summary>Refuses a finite value that is not positive; <paramref name="where"/> names file and line.</summary>
    /// <exception cref="InvalidDataException">The value is zero or negative.</exception>
    public static double PositiveOrMissing(double value, string where, string column)
    {
        if (double.IsFinite(value) && !(value > 0))
        {
            throw new InvalidDataException(
                $"{where}: column '{column}' is {value.ToString(CultureInfo.InvariantCulture)}; a mass or age must be positive (leave it empty when unknown)");
        }
        return value;
    }
}
