using System.Globalization;
using System.Text;

namespace SPFusion.Transforms.Datasets;

/// <summary>
/// A star's identifier: text, whatever the survey (a LAMOST obsid such as <c>101001</c>, a Gaia DR3 source_id, an APOGEE
/// id such as <c>2M00000002+7417074</c>). In the authors' layout it names the star's files
/// (<c>spectrum/&lt;id&gt;.npy</c>), so there it must be a safe file name and a plain CSV cell.
/// </summary>
public static class StarId
{
    /// <summary>
    /// Orders ids as the layout lists them: integer ids numerically (so LAMOST obsids keep their order and their folds),
    /// before any other id; other ids ordinally.
    /// </summary>
    public static IComparer<string> Comparer { get; } = new IdComparer();

    /// <summary>
    /// The id as the layout writes it: trimmed; an integer id in its canonical form (<c>+0101001</c> and
    /// <c>101001.0</c>, as pandas writes integer columns, are both <c>101001</c>); any other id unchanged.
    /// </summary>
    public static string Normalize(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        string t = id.Trim();
        if (long.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out long n))
            return n.ToString(CultureInfo.InvariantCulture);
        if (t.Length > 0 && (char.IsAsciiDigit(t[0]) || t[0] is '+' or '-')
            && double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double d)
            && d == Math.Floor(d) && Math.Abs(d) < 9e15)
            return ((long)d).ToString(CultureInfo.InvariantCulture);
        return t;
    }

    /// <summary>Why <paramref name="id"/> cannot name a file of the layout, or null when it can.</summary>
    public static string? FileNameProblem(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (id.Length == 0) return "it is empty";
        if (id.Length > MaxLength) return $"it is longer than {MaxLength} characters";
        if (id.Trim().Length != id.Length) return "it starts or ends with white space";
        if (id.Contains("..", StringComparison.Ordinal)) return "it contains '..'";
        if (id == ".") return "it is '.'";
        foreach (char c in id)
        {
            if (char.IsControl(c)) return $"it contains the control character U+{(int)c:X4}";
            if (c is '/' or '\\') return $"it contains the path separator '{c}'";
            if (Refused.Contains(c)) return $"it contains '{c}', which a file name or a CSV cell cannot hold";
        }

        return null;
    }

    /// <summary>Refuses an id that cannot name a file, naming <paramref name="where"/> (file, line, column).</summary>
    /// <exception cref="InvalidDataException">The id is empty, holds a path separator, '..', a control character, or a character a file name or CSV cell cannot hold.</exception>
    public static string CheckFileName(string id, string where)
    {
        string? problem = FileNameProblem(id);
        if (problem is not null)
            throw new InvalidDataException($"{where}: obsid '{Printable(id)}' cannot name the star's files: {problem}");
        return id;
    }

    // Windows refuses these in file names; ',' and '"' would break label.csv, which has no quoting.
    private static readonly string Refused = ":*?\"<>|,";

    private const int MaxLength = 200;

    // The error message stays one line however the id is made.
    private static string Printable(string id)
    {
        var sb = new StringBuilder();
        foreach (char c in UserText.Clip(id, 80))
        {
            if (char.IsControl(c)) sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            else sb.Append(c);
        }

        return sb.ToString();
    }

    private sealed class IdComparer : IComparer<string>
    {
        public int Compare(string? x, string? y)
        {
            if (ReferenceEquals(x, y)) return 0;
            if (x is null) return -1;
            if (y is null) return 1;
            bool xn = long.TryParse(x, NumberStyles.Integer, CultureInfo.InvariantCulture, out long a);
            bool yn = long.TryParse(y, NumberStyles.Integer, CultureInfo.InvariantCulture, out long b);
            if (xn && yn)
            {
                int c = a.CompareTo(b);
                return c != 0 ? c : string.CompareOrdinal(x, y);
            }

            if (xn != yn) return xn ? -1 : 1;
            return string.CompareOrdinal(x, y);
        }
    }
}
