namespace SPFusion.Transforms.Datasets;

/// <summary>
/// User data quoted in an error message (a catalogue field, a path, a cell), clipped so that a 50 MB field cannot
/// become a 50 MB error line: the reader needs to recognise the value, not to see all of it.
/// </summary>
internal static class UserText
{
    /// <summary>Characters of user data an error message quotes at most.</summary>
    public const int MaxQuotedLength = 200;

    /// <summary><paramref name="text"/> itself, or its first <see cref="MaxQuotedLength"/> characters and an ellipsis.</summary>
    public static string Clip(string? text, int maxLength = MaxQuotedLength)
    {
        if (text is null) return "";
        return text.Length <= maxLength ? text : string.Concat(text.AsSpan(0, maxLength), $"… ({text.Length:N0} characters)");
    }
}
