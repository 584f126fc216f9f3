using SPFusion.Transforms.Datasets;

namespace SPFusion.Cli.CommandLine;

/// <summary>
/// Checks that a file option names a readable file before any work starts, so a folder or an unreadable model is
/// refused naming the option rather than as "access denied" or "not found" after the data were loaded.
/// </summary>
internal static class InputFile
{
    /// <summary>Refuses <paramref name="path"/> (given as <paramref name="option"/>) unless it is a readable file.</summary>
    /// <exception cref="IOException">The path is a folder, missing or unreadable.</exception>
    public static void Require(string option, string path)
    {
        if (Directory.Exists(path))
            throw new IOException($"{option} {UserText.Clip(path)} is a folder; expected a file");
        if (!File.Exists(path))
            throw new FileNotFoundException($"{option} {UserText.Clip(path)}: file not found", path);
        try
        {
            using var probe = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new IOException($"{option} {UserText.Clip(path)}: cannot be read ({ex.Message})", ex);
        }
    }
}
