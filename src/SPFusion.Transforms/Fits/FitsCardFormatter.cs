using System.Globalization;
using System.Text;

namespace SPFusion.Transforms.Fits;

/// <summary>Formats cards as fixed-format 80-character images; long strings use the CONTINUE '&amp;' convention.</summary>
internal static class FitsCardFormatter
{
    private const int Width = 80;

    public static IEnumerable<string> Format(FitsCard card)
    {
        string key = card.Key.ToUpperInvariant();
        if (key.Length > 8) throw new ArgumentException($"FITS keyword '{key}' is longer than 8 characters", nameof(card));
        if (card.IsCommentary)
        {
            string text = card.Comment ?? string.Empty;
            CheckText(key, text);
            int chunk = Width - 8;
            if (text.Length == 0) yield return key.PadRight(Width);
            for (int i = 0; i < text.Length; i += chunk)
                yield return (key.PadRight(8) + text.Substring(i, Math.Min(chunk, text.Length - i))).PadRight(Width);
            yield break;
        }
        if (card.Comment is not null) CheckText(key, card.Comment);
        if (card.Value is string s)
        {
            foreach (string image in FormatString(key, s, card.Comment)) yield return image;
            yield break;
        }
        string value = card.Value switch
        {
            null => string.Empty,
            bool b => (b ? "T" : "F").PadLeft(20),
            long l => l.ToString(CultureInfo.InvariantCulture).PadLeft(20),
            double d => FormatReal(key, d).PadLeft(20),
            var other => throw new ArgumentException($"FITS keyword '{key}': unsupported value type {other.GetType().Name}", nameof(card)),
        };
        yield return Compose(key.PadRight(8) + "= " + value, card.Comment, key);
    }

    private static string FormatReal(string key, double d)
    {
        if (!double.IsFinite(d)) throw new ArgumentException($"FITS keyword '{key}': {d} cannot be written in a header");
        string r = d.ToString("R", CultureInfo.InvariantCulture);
        return r.Contains('.') || r.Contains('E') ? r : r + ".0";
    }

    private static string Compose(string head, string? comment, string key)
    {
        string image = comment is null ? head : head + " / " + comment;
        if (image.Length > Width)
            throw new ArgumentException($"FITS keyword '{key}': value and comment need {image.Length} characters, a card holds 80");
        return image.PadRight(Width);
    }

    private static IEnumerable<string> FormatString(string key, string s, string? comment)
    {
        CheckText(key, s);
        string quoted = Quote(s);
        if (10 + quoted.Length <= Width && (comment is null || 10 + quoted.Length + 3 + comment.Length <= Width))
        {
            yield return Compose(key.PadRight(8) + "= " + quoted, comment, key);
            yield break;
        }
        // Long string: pieces of at most 67 characters ending in '&', then CONTINUE cards; quotes are never split.
        var pieces = new List<string>();
        var current = new StringBuilder();
        foreach (char c in s)
        {
            int cost = c == '\'' ? 2 : 1;
            if (current.Length + cost > 66)
            {
                pieces.Add(current.ToString());
                current.Clear();
            }
            current.Append(c == '\'' ? "''" : c);
        }
        pieces.Add(current.ToString());
        for (int i = 0; i < pieces.Count; i++)
        {
            bool last = i == pieces.Count - 1;
            string text = "'" + pieces[i] + (last ? "'" : "&'");
            string head = (i == 0 ? key.PadRight(8) + "= " : "CONTINUE  ") + text;
            yield return Compose(head, last ? comment : null, key);
        }
    }

    private static string Quote(string s)
    {
        string inner = s.Replace("'", "''");
        return "'" + inner.PadRight(8) + "'";
    }

    private static void CheckText(string key, string text)
    {
        foreach (char c in text)
        {
            if (c is < ' ' or > '~') throw new ArgumentException($"FITS keyword '{key}': text contains the non-ASCII character U+{(int)c:X4}");
        }
    }
}
