using System.Globalization;

namespace SPFusion.ML.Survey;

/// <summary>
/// Shard <see cref="Index"/> of <see cref="Count"/> (0-based) of a catalogue. Rows are assigned by frame group: the stars
/// sharing one g/r/i frame triple form a group, groups are ordered by their first catalogue line, and shard k takes the
/// groups whose first row falls in the k-th of N equal slices of the ordered rows, so a frame is decoded by one shard only
/// and the shards hold nearly equal row counts. Rows without frames (and bad rows) are groups of their own.
/// </summary>
public readonly record struct SurveyShard(int Index, int Count)
{
    /// <summary>The whole catalogue (shard 0 of 1).</summary>
    public static SurveyShard All => new(0, 1);

    /// <summary>True when this is the whole catalogue.</summary>
    public bool IsAll => Count == 1;

    /// <summary>Parses <c>K/N</c> (0-based K).</summary>
    /// <exception cref="FormatException">Not <c>K/N</c> with 0 &lt;= K &lt; N.</exception>
    public static SurveyShard Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('/');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int k)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int n)
            && n >= 1 && k < n)
        {
            return new SurveyShard(k, n);
        }
        throw new FormatException($"shard '{text}' is not K/N with 0 <= K < N (e.g. 0/4)");
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");
}
