using System.Globalization;
using System.Text;

namespace SPFusion.Transforms.Fits;

/// <summary>Parses 80-character card images into <see cref="FitsCard"/>s, joining CONTINUE long strings.</summary>
internal static class FitsCardParser
{
    public const int CardLength = 80;

    /// <summary>Parses the card images of one header (END excluded) in order.</summary>
    public static List<FitsCard> ParseCards(IReadOnlyList<string> images, string source, int? hdu)
    {
        var cards = new List<FitsCard>(images.Count);
        for (int i = 0; i < images.Count; i++)
        {
            var card = ParseOne(images[i], source, hdu, i);
            if (card.Value is string s && s.EndsWith('&') && IsStringContinuation(images, i + 1))
            {
                var text = new StringBuilder(s, 0, s.Length - 1, s.Length + 64);
                var raw = new StringBuilder(images[i]);
                string? comment = card.Comment;
                while (IsStringContinuation(images, i + 1))
                {
                    i++;
                    raw.Append(images[i]);
                    var (part, partComment) = ParseStringAfter(images[i], 8, source, hdu, i, "CONTINUE");
                    if (partComment is not null) comment = comment is null ? partComment : comment + " " + partComment;
                    if (part.EndsWith('&') && IsStringContinuation(images, i + 1))
                    {
                        text.Append(part, 0, part.Length - 1);
                        continue;
                    }
                    text.Append(part);
                    break;
                }
                card = card with { Value = text.ToString(), Comment = comment, RawText = raw.ToString() };
            }
            cards.Add(card);
        }
        return cards;
    }

    private static bool IsStringContinuation(IReadOnlyList<string> images, int i) =>
        i < images.Count && images[i].StartsWith("CONTINUE", StringComparison.Ordinal)
        && images[i].AsSpan(8).TrimStart(' ').StartsWith("'");

    /// <summary>Parses one card image; <paramref name="index"/> is its position in the header, for messages.</summary>
    public static FitsCard ParseOne(string image, string source, int? hdu, int index)
    {
        string key = image[..Math.Min(8, image.Length)].TrimEnd(' ');
        int valueStart;
        if (key == "HIERARCH")
        {
            int eq = image.IndexOf('=', 8);
            if (eq < 0) return Commentary(key, image);
            key = image[8..eq].Trim(' ');
            valueStart = eq + 1;
        }
        else if (image.Length >= 10 && image[8] == '=' && image[9] == ' ')
        {
            valueStart = 10;
        }
        else
        {
            return Commentary(key, image);
        }
        if (key.Length == 0 || !IsKeyword(key))
            throw new FitsFormatException(source, hdu, $"card {index + 1}", $"invalid keyword '{key}' in card \"{image.TrimEnd()}\"");

        try
        {
            return ParseValue(image, key, valueStart, source, hdu, index);
        }
        catch (FitsFormatException ex)
        {
            // Keep the card (and the rest of the header) readable; the problem surfaces when the value is asked for.
            return new FitsCard(key, null, null, image) { ValueError = ex.Message };
        }
    }

    private static FitsCard ParseValue(string image, string key, int valueStart, string source, int? hdu, int index)
    {
        string rest = image[valueStart..];
        string trimmed = rest.TrimStart(' ');
        if (trimmed.StartsWith('\''))
        {
            var (text, comment) = ParseStringAfter(image, valueStart, source, hdu, index, key);
            return new FitsCard(key, text, comment, image);
        }
        int slash = trimmed.IndexOf('/');
        string token = (slash >= 0 ? trimmed[..slash] : trimmed).Trim(' ');
        string? cmt = slash >= 0 ? trimmed[(slash + 1)..].Trim(' ') : null;
        object? value = ParseScalar(token, key, image, source, hdu);
        return new FitsCard(key, value, cmt, image);
    }

    private static FitsCard Commentary(string key, string image)
    {
        string text = image.Length > 8 ? image[8..].TrimEnd(' ') : string.Empty;
        return new FitsCard(key, null, text, image) { IsCommentary = true };
    }

    private static bool IsKeyword(string key)
    {
        foreach (char c in key)
        {
            if (c is not ((>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_' or ' ' or '.' or (>= 'a' and <= 'z')))
                return false;
        }
        return true;
    }

    /// <summary>Reads a quoted string starting at or after <paramref name="from"/>; doubled quotes are one quote, trailing blanks are trimmed.</summary>
    private static (string Text, string? Comment) ParseStringAfter(string image, int from, string source, int? hdu, int index, string key)
    {
        int q = image.IndexOf('\'', from);
        if (q < 0) throw new FitsFormatException(source, hdu, $"card '{key}'", $"string value without opening quote in card \"{image.TrimEnd()}\"");
        var sb = new StringBuilder();
        int i = q + 1;
        while (true)
        {
            if (i >= image.Length)
                throw new FitsFormatException(source, hdu, $"card '{key}'", $"string value without closing quote in card {index + 1} \"{image.TrimEnd()}\"");
            char c = image[i];
            if (c == '\'')
            {
                if (i + 1 < image.Length && image[i + 1] == '\'')
                {
                    sb.Append('\'');
                    i += 2;
                    continue;
                }
                i++;
                break;
            }
            sb.Append(c);
            i++;
        }
        string after = image[i..].TrimStart(' ');
        string? comment = null;
        if (after.StartsWith('/')) comment = after[1..].Trim(' ');
        else if (after.Length > 0)
            throw new FitsFormatException(source, hdu, $"card '{key}'", $"unexpected text after string value in card \"{image.TrimEnd()}\"");
        return (sb.ToString().TrimEnd(' '), comment);
    }

    private static object? ParseScalar(string token, string key, string image, string source, int? hdu)
    {
        if (token.Length == 0) return null;
        if (token == "T") return true;
        if (token == "F") return false;
        if (token[0] == '(') return token; // complex value: kept as its literal text
        bool integer = true;
        for (int k = 0; k < token.Length; k++)
        {
            char c = token[k];
            if (!(char.IsAsciiDigit(c) || (k == 0 && c is '+' or '-')))
            {
                integer = false;
                break;
            }
        }
        if (integer)
        {
            if (long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long l)) return l;
            throw new FitsFormatException(source, hdu, $"card '{key}'", $"integer value {token} does not fit in 64 bits");
        }
        string real = token.Replace('D', 'E').Replace('d', 'e');
        if (double.TryParse(real, NumberStyles.Float, CultureInfo.InvariantCulture, out double d))
        {
            return double.IsFinite(d) ? d
                : throw new FitsFormatException(source, hdu, $"card '{key}'", $"real value {token} is outside the double range");
        }
        throw new FitsFormatException(source, hdu, $"card '{key}'", $"cannot parse value '{token}' in card \"{image.TrimEnd()}\"");
    }
}
