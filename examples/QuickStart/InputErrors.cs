namespace SPFusion.Examples.QuickStart;

/// <summary>
/// Bad input (a missing folder or file, a malformed catalogue or FITS file) ends the quick start with one line naming the
/// file and exit code 2, like the spfusion tool; a stack trace would hide which file is at fault.
/// </summary>
internal static class InputErrors
{
    public const int ExitCode = 2;

    public static bool Is(Exception ex) => ex is IOException or InvalidDataException or UnauthorizedAccessException;

    /// <summary>The message on one line, with the file's name added when the exception carries it but the message does not.</summary>
    public static string Describe(Exception ex)
    {
        string message = ex.Message.ReplaceLineEndings(" ");
        return ex is FileNotFoundException { FileName: { } file } && !message.Contains(file, StringComparison.Ordinal)
            ? $"{file}: {message}"
            : message;
    }
}
