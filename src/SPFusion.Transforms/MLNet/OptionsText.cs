using System.Globalization;

namespace SPFusion.Transforms.MLNet;

/// <summary>
/// Options of a persisted transform written as <c>key=value;key=value</c> text. ML.NET's custom mappings store no
/// state in a model zip, so the options travel in a constant column produced by a built-in (persisted) Expression
/// transform; the mapping reads them back from that column on every row.
/// </summary>
internal static class OptionsText
{
    public static string Encode(IEnumerable<(string Key, object Value)> pairs) =>
        string.Join(";", pairs.Select(p => $"{p.Key}={Format(p.Value)}"));

    public static Dictionary<string, string> Decode(string text, string transform)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in text.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = part.IndexOf('=');
            if (eq <= 0) throw new InvalidDataException($"{transform}: malformed options text '{text}'");
            result[part[..eq]] = part[(eq + 1)..];
        }
        return result;
    }

    public static double Double(Dictionary<string, string> values, string key, string transform) =>
        double.Parse(Get(values, key, transform), NumberStyles.Float, CultureInfo.InvariantCulture);

    public static int Int(Dictionary<string, string> values, string key, string transform) =>
        int.Parse(Get(values, key, transform), NumberStyles.Integer, CultureInfo.InvariantCulture);

    public static bool Bool(Dictionary<string, string> values, string key, string transform) =>
        Get(values, key, transform) switch
        {
            "1" => true,
            "0" => false,
            var v => throw new InvalidDataException($"{transform}: option '{key}' is '{v}', expected 0 or 1"),
        };

    public static string Get(Dictionary<string, string> values, string key, string transform) =>
        values.TryGetValue(key, out var v) ? v : throw new InvalidDataException($"{transform}: option '{key}' missing from the saved options");

    private static string Format(object value) => value switch
    {
        bool b => b ? "1" : "0",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    } is var s && (s.Contains(';') || s.Contains('=') || s.Contains('"') || s.Contains('\\'))
        ? throw new ArgumentException($"option value '{s}' cannot be persisted (contains ; = \" or \\)")
        : s;
}
