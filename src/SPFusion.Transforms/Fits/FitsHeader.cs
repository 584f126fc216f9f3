using System.Text;

namespace SPFusion.Transforms.Fits;

/// <summary>
/// The cards of one HDU header in file order, with keyword lookup. A repeated keyword resolves to its first occurrence
/// (what most FITS readers do and what the CLI shows). Typed getters return null only when the keyword is absent or
/// its value undefined; a value of the wrong type is a <see cref="FitsFormatException"/>, never a silent null.
/// </summary>
public sealed class FitsHeader
{
    private readonly Dictionary<string, int> _first;

    /// <summary>All cards, END excluded, in file order.</summary>
    public IReadOnlyList<FitsCard> Cards { get; }

    /// <summary>The file or header source, used in error messages.</summary>
    public string Source { get; }

    /// <summary>Zero-based HDU index, or null for a stand-alone header file.</summary>
    public int? HduIndex { get; }

    /// <summary>Wraps already parsed cards; lookups are case-insensitive on the keyword.</summary>
    public FitsHeader(IReadOnlyList<FitsCard> cards, string source, int? hduIndex)
    {
        Cards = cards;
        Source = source;
        HduIndex = hduIndex;
        _first = new Dictionary<string, int>(cards.Count, StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < cards.Count; i++)
        {
            if (!cards[i].IsCommentary) _first.TryAdd(cards[i].Key, i);
        }
    }

    /// <summary>True when a value card with this keyword exists.</summary>
    public bool Contains(string key) => _first.ContainsKey(key);

    /// <summary>The first value card with this keyword, or null.</summary>
    public FitsCard? Find(string key) => _first.TryGetValue(key, out int i) ? Cards[i] : null;

    private object? ValueOf(string key)
    {
        var card = Find(key);
        if (card?.ValueError is string problem) throw new FitsFormatException(Source, HduIndex, $"keyword '{key}'", $"unparsable value: {problem}");
        return card?.Value;
    }

    /// <summary>Every value card with this keyword, in order (a repeated keyword is legal but unusual).</summary>
    public IEnumerable<FitsCard> FindAll(string key) =>
        Cards.Where(c => !c.IsCommentary && string.Equals(c.Key, key, StringComparison.OrdinalIgnoreCase));

    /// <summary>A string value, or null when absent.</summary>
    public string? GetString(string key) => ValueOf(key) switch
    {
        null => null,
        string s => s,
        var other => throw WrongType(key, other, "a string"),
    };

    /// <summary>An integer value, or null when absent.</summary>
    public long? GetInt64(string key) => ValueOf(key) switch
    {
        null => null,
        long l => l,
        var other => throw WrongType(key, other, "an integer"),
    };

    /// <summary>A real value (integers convert), or null when absent.</summary>
    public double? GetDouble(string key) => ValueOf(key) switch
    {
        null => null,
        double d => d,
        long l => l,
        var other => throw WrongType(key, other, "a number"),
    };

    /// <summary>A logical value, or null when absent.</summary>
    public bool? GetBool(string key) => ValueOf(key) switch
    {
        null => null,
        bool b => b,
        var other => throw WrongType(key, other, "a logical (T/F)"),
    };

    /// <summary>A string value that must be present.</summary>
    public string RequireString(string key) => GetString(key) ?? throw Missing(key);

    /// <summary>An integer value that must be present.</summary>
    public long RequireInt64(string key) => GetInt64(key) ?? throw Missing(key);

    /// <summary>A real value that must be present.</summary>
    public double RequireDouble(string key) => GetDouble(key) ?? throw Missing(key);

    /// <summary>A logical value that must be present.</summary>
    public bool RequireBool(string key) => GetBool(key) ?? throw Missing(key);

    /// <summary>An exception naming this header's file, HDU and <paramref name="key"/>.</summary>
    public FitsFormatException Error(string key, string problem) => new(Source, HduIndex, $"keyword '{key}'", problem);

    private FitsFormatException Missing(string key) => Error(key, "required keyword is missing or has no value");

    private FitsFormatException WrongType(string key, object value, string expected) =>
        Error(key, $"value {FormatValue(value)} is not {expected}");

    private static string FormatValue(object value) => value is string s ? $"'{s}'" : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "?";

    /// <summary>
    /// Parses a stand-alone header such as astropy's <c>.hdr</c> files: 80-character cards either packed without
    /// separators or one per line (lines shorter than 80 are blank padded). Parsing stops at END; a missing END is accepted
    /// only at the end of the text, because such files are often cut right after the last card.
    /// </summary>
    public static FitsHeader ParseHeaderText(string text, string source = "header text")
    {
        var images = new List<string>();
        bool hasNewlines = text.Contains('\n');
        IEnumerable<string> raw = hasNewlines
            ? text.Split('\n').Select(l => l.TrimEnd('\r'))
            : Enumerable.Range(0, (text.Length + 79) / 80).Select(i => text.Substring(i * 80, Math.Min(80, text.Length - (i * 80))));
        int n = 0;
        foreach (string line in raw)
        {
            n++;
            if (hasNewlines && line.Length == 0) continue;
            if (line.Length > 80)
                throw new FitsFormatException(source, null, $"line {n}", $"header line has {line.Length} characters (a card has at most 80)");
            string image = line.PadRight(80);
            CheckAscii(image, source, null, n - 1);
            if (image.StartsWith("END     ", StringComparison.Ordinal) && image.AsSpan(8).Trim(' ').IsEmpty) break;
            images.Add(image);
        }
        return new FitsHeader(FitsCardParser.ParseCards(images, source, null), source, null);
    }

    /// <summary>Reads a stand-alone header file (see <see cref="ParseHeaderText"/>).</summary>
    public static FitsHeader ReadHeaderFile(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        for (int i = 0; i < bytes.Length; i++)
        {
            byte b = bytes[i];
            if (b is not (>= 0x20 and <= 0x7E or (byte)'\n' or (byte)'\r'))
                throw new FitsFormatException(path, null, $"byte {i}", $"non-ASCII or control byte 0x{b:X2} in header text");
        }
        return ParseHeaderText(Encoding.ASCII.GetString(bytes), path);
    }

    internal static void CheckAscii(string image, string source, int? hdu, int index)
    {
        int i = image.AsSpan().IndexOfAnyExceptInRange(' ', '~');
        if (i >= 0)
        {
            throw new FitsFormatException(source, hdu, $"card {index + 1} ('{image[..8].TrimEnd()}')",
                $"header contains the non-ASCII or control byte 0x{(int)image[i]:X2} at column {i + 1}");
        }
    }
}
