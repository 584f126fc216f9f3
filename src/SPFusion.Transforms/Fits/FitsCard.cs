namespace SPFusion.Transforms.Fits;

/// <summary>
/// One logical header card. <see cref="Value"/> is a <see cref="string"/>, <see cref="long"/>, <see cref="double"/>,
/// <see cref="bool"/> or null (commentary cards and undefined values); complex values keep their literal text as a string.
/// A long string continued with CONTINUE cards is one logical card whose <see cref="RawText"/> holds all its 80-character images.
/// </summary>
/// <param name="Key">The keyword (upper case, blanks trimmed; empty for blank commentary cards).</param>
/// <param name="Value">The parsed value, or null.</param>
/// <param name="Comment">The comment after '/', or the text of a COMMENT/HISTORY card; null when absent.</param>
/// <param name="RawText">The card image(s) exactly as read, a multiple of 80 characters.</param>
public sealed record FitsCard(string Key, object? Value, string? Comment, string RawText)
{
    /// <summary>True for cards without a value indicator (COMMENT, HISTORY, blank keyword and other commentary).</summary>
    public bool IsCommentary { get; init; }

    /// <summary>
    /// Why the value could not be parsed (non-standard cards such as <c>SKEW = a, b</c> in old DSS headers), or null.
    /// Such a card has a null <see cref="Value"/>; listing the header works, but the typed getters of <see cref="FitsHeader"/>
    /// throw this problem for it, so a broken value is never mistaken for an absent one.
    /// </summary>
    public string? ValueError { get; init; }

    /// <summary>Creates a value card for writing; <paramref name="value"/> must be a string, integer, double or bool.</summary>
    public static FitsCard Create(string key, object? value, string? comment = null)
    {
        object? normalized = value switch
        {
            null or string or long or double or bool => value,
            int i => (long)i,
            short s => (long)s,
            byte b => (long)b,
            float f => (double)f,
            _ => throw new ArgumentException($"FITS card {key}: unsupported value type {value.GetType().Name}", nameof(value)),
        };
        return new FitsCard(key.ToUpperInvariant(), normalized, comment, string.Empty);
    }

    /// <summary>Creates a COMMENT or HISTORY card for writing.</summary>
    public static FitsCard Commentary(string key, string text) =>
        new(key.ToUpperInvariant(), null, text, string.Empty) { IsCommentary = true };
}
