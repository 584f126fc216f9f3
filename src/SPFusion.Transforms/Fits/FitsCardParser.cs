using System.Globalization;
using System.Text;

namespace SPFusion.Transforms.Fits;

/// <summary>Parses 80-character card images into <see cref="FitsCard"/>s, joining CONTINUE long strings.</summary>
internal static class FitsCardParser
{
    public const int CardLength = 80;

    /// <summary>True for the END card: "END" followed by spaces only.</summary>
    public static bool IsEndCard(ReadOnlySpan<byte> card) => card.StartsWith("END"u8) && card[3..].Trim((byte)' ').IsEmpty;

    /// <summary>True when every byte is printable ASCII (space to tilde), as header cards must be.</summary>
    public static bool IsPrintable(ReadOnlySpan<byte> card) => card.IndexOfAnyExceptInRange((byte)' ', (byte)'~') < 0;

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
    /// <remarks>Works on spans of the image: only the keyword, the value and the comment become strings.</remarks>
    public static FitsCard ParseOne(string image, string source, int? hdu, int index)
    {
        ReadOnlySpan<char> keySpan = image.AsSpan(0, Math.Min(8, image.Length)).TrimEnd(' ');
        int valueStart;
        if (keySpan.SequenceEqual("HIERARCH"))
        {
            int eq = image.IndexOf('=', 8);
            if (eq < 0) return Commentary("HIERARCH", image);
            keySpan = image.AsSpan(8, eq - 8).Trim(' ');
            valueStart = eq + 1;
        }
        else if (image.Length >= 10 && image[8] == '=' && image[9] == ' ')
        {
            valueStart = 10;
        }
        else
        {
            return Commentary(keySpan.ToString(), image);
        }
        string key = keySpan.ToString();
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
        ReadOnlySpan<char> trimmed = image.AsSpan(valueStart).TrimStart(' ');
        if (trimmed.Length > 0 && trimmed[0] == '\'')
        {
            var (text, comment) = ParseStringAfter(image, valueStart, source, hdu, index, key);
            return new FitsCard(key, text, comment, image);
        }
        int slash = trimmed.IndexOf('/');
        ReadOnlySpan<char> token = (slash >= 0 ? trimmed[..slash] : trimmed).Trim(' ');
        string? cmt = slash >= 0 ? trimmed[(slash + 1)..].Trim(' ').ToString() : null;
        object? value = ParseScalar(token, key, image, source, hdu);
        return new FitsCard(key, value, cmt, image);
    }

    private static FitsCard Commentary(string key, string image)
    {
        string text = image.Length > 8 ? image.AsSpan(8).TrimEnd(' ').ToString() : string.Empty;
        return new FitsCard(key, null, text, image) { IsCommentary = true };
    }

    private static bool IsKeyword(ReadOnlySpan<char> key)
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
        int i = q + 1;
        bool doubled = false;
        while (true)
        {
            if (i >= image.Length)
                throw new FitsFormatException(source, hdu, $"card '{key}'", $"string value without closing quote in card {index + 1} \"{image.TrimEnd()}\"");
            if (image[i] == '\'')
            {
                if (i + 1 < image.Length && image[i + 1] == '\'')
                {
                    doubled = true;
                    i += 2;
                    continue;
                }
                break;
            }
            i++;
        }
        // Between the quotes every quote is half of a doubled pair, so replacing pairs left to right undoes the escaping.
        ReadOnlySpan<char> inner = image.AsSpan(q + 1, i - q - 1);
        string text = doubled ? inner.ToString().Replace("''", "'", StringComparison.Ordinal).TrimEnd(' ') : inner.TrimEnd(' ').ToString();
        ReadOnlySpan<char> after = image.AsSpan(i + 1).TrimStart(' ');
        string? comment = null;
        if (after.Length > 0 && after[0] == '/') comment = after[1..].Trim(' ').ToString();
        else if (after.Length > 0)
            throw new FitsFormatException(source, hdu, $"card '{key}'", $"unexpected text after string value in card \"{image.TrimEnd()}\"");
        return (text, comment);
    }

    private static readonly object BoxedTrue = true;
    private static readonly object BoxedFalse = false;

    private static object? ParseScalar(ReadOnlySpan<char> token, string key, string image, string source, int? hdu)
    {
        if (token.Length == 0) return null;
        if (token.Length == 1 && token[0] == 'T') return BoxedTrue;
        if (token.Length == 1 && token[0] == 'F') return BoxedFalse;
        if (token[0] == '(') return token.ToString(); // complex value: kept as its literal text
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
        // Fortran D exponents: the token is at most 70 characters, so the copy lives on the stack.
        Span<char> real = stackalloc char[token.Length];
        token.CopyTo(real);
        real.Replace('D', 'E');
        real.Replace('d', 'e');
        if (double.TryParse(real, NumberStyles.Float, CultureInfo.InvariantCulture, out double d))
        {
            return double.IsFinite(d) ? d
                : throw new FitsFormatException(source, hdu, $"card '{key}'", $"real value {token} is outside the double range");
        }
        throw new FitsFormatException(source, hdu, $"card '{key}'", $"cannot parse value '{token}' in card \"{image.TrimEnd()}\"");
    }
}
