using System.Globalization;

namespace SPFusion.Transforms.Datasets;

/// <summary>
/// Parses the Python-literal dictionary of a .npy header. Only the three keys numpy writes are understood;
/// a full Python parser would accept headers numpy itself never produces.
/// </summary>
internal static class NpyHeader
{
    public static (string Descr, bool FortranOrder, int[] Shape) Parse(string header, string source)
    {
        string text = header.Trim();
        if (!text.StartsWith('{') || !text.EndsWith('}'))
            throw new InvalidDataException($"{source}: .npy header is not a dictionary: {Shorten(text)}");

        string descr = StringValue(text, "descr", source);
        string fortran = RawValue(text, "fortran_order", source);
        bool fortranOrder = fortran switch
        {
            "True" => true,
            "False" => false,
            _ => throw new InvalidDataException($"{source}: .npy header 'fortran_order' is '{fortran}', expected True or False"),
        };

        int open = KeyPosition(text, "shape", source);
        int lp = text.IndexOf('(', open);
        int rp = lp < 0 ? -1 : text.IndexOf(')', lp);
        if (lp < 0 || rp < 0)
            throw new InvalidDataException($"{source}: .npy header 'shape' is not a tuple: {Shorten(text)}");
        var dims = new List<int>();
        foreach (string part in text[(lp + 1)..rp].Split(','))
        {
            string p = part.Trim();
            if (p.Length == 0)
                continue;
            if (p.EndsWith('L'))
                p = p[..^1];
            if (!int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out int d))
                throw new InvalidDataException($"{source}: .npy header 'shape' has a bad dimension '{part.Trim()}'");
            dims.Add(d);
        }

        return (descr, fortranOrder, dims.ToArray());
    }

    private static int KeyPosition(string text, string key, string source)
    {
        int at = text.IndexOf("'" + key + "'", StringComparison.Ordinal);
        if (at < 0)
            at = text.IndexOf("\"" + key + "\"", StringComparison.Ordinal);
        if (at < 0)
            throw new InvalidDataException($"{source}: .npy header lacks the key '{key}'");
        int colon = text.IndexOf(':', at + key.Length + 2);
        if (colon < 0)
            throw new InvalidDataException($"{source}: .npy header key '{key}' has no value");
        return colon + 1;
    }

    private static string RawValue(string text, string key, string source)
    {
        int start = KeyPosition(text, key, source);
        int end = start;
        while (end < text.Length && text[end] != ',' && text[end] != '}')
            end++;
        return text[start..end].Trim();
    }

    private static string StringValue(string text, string key, string source)
    {
        string raw = RawValue(text, key, source);
        if (raw.Length >= 2 && (raw[0] == '\'' || raw[0] == '"') && raw[^1] == raw[0])
            return raw[1..^1];
        throw new InvalidDataException($"{source}: .npy header '{key}' is not a simple dtype string: {Shorten(raw)}");
    }

    private static string Shorten(string s) => s.Length <= 120 ? s : s[..120] + "...";
}
