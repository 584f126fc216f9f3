namespace SPFusion.Transforms.Wcs;

/// <summary>
/// The few header look-ups WCS parsing needs, so parsing does not depend on one header class
/// (FITS headers, text .hdr files and tests' dictionaries all adapt to it).
/// </summary>
/// <param name="GetDouble">A numeric keyword's value, or null when absent.</param>
/// <param name="GetString">A string keyword's value (trimmed), or null when absent.</param>
/// <param name="Contains">Whether a keyword is present at all.</param>
internal sealed record WcsKeywords(Func<string, double?> GetDouble, Func<string, string?> GetString, Func<string, bool> Contains)
{
    /// <summary>Adapts a dictionary of already-typed values (double or string).</summary>
    public static WcsKeywords FromDictionary(IReadOnlyDictionary<string, object> values) => new(
        k => values.TryGetValue(k, out var v) ? v switch { double d => d, int i => i, long l => l, _ => null } : null,
        k => values.TryGetValue(k, out var v) && v is string s ? s.Trim() : null,
        values.ContainsKey);
}
