using SPFusion.Transforms.Datasets;

namespace SPFusion.Cli.CommandLine;

/// <summary>
/// Checks an output path before a command does any work: it must not be one of the command's inputs (a model, a
/// catalogue, anything under a dataset folder), and its folder must exist and accept a new file. Refusals are
/// <see cref="IOException"/>s naming the option as typed, so the user sees one line and exit code 2 at once rather
/// than after an hour of training.
/// </summary>
internal sealed class OutputPath
{
    private readonly List<(string Option, string Canonical)> _inputFiles = [];
    private readonly List<(string Option, string Canonical)> _inputFolders = [];

    /// <summary>Registers an input file the outputs must not overwrite.</summary>
    public OutputPath InputFile(string option, string? path)
    {
        if (path is not null) _inputFiles.Add((option, CanonicalPath.Of(path)));
        return this;
    }

    /// <summary>Registers an input folder: no output may be written anywhere under it.</summary>
    public OutputPath InputFolder(string option, string? path)
    {
        if (path is not null) _inputFolders.Add((option, CanonicalPath.Of(path)));
        return this;
    }

    /// <summary>Refuses <paramref name="path"/> (given as <paramref name="option"/>) if it is an input or cannot be written.</summary>
    /// <exception cref="IOException">The path is an input, a folder, or its folder is missing or read-only.</exception>
    public void Check(string option, string? path)
    {
        if (path is null) return;
        string canonical = CheckNotInput(option, path);
        if (Directory.Exists(canonical))
            throw new IOException($"{option} {Shown(path)} is a folder; give a file name");
        string folderOfOutput = Path.GetDirectoryName(canonical) ?? canonical;
        if (!Directory.Exists(folderOfOutput))
            throw new IOException($"{option} {Shown(path)}: folder {Shown(folderOfOutput)} does not exist");
        ProbeWritable(option, path, canonical);
    }

    /// <summary>Refuses <paramref name="path"/> if it is one of the inputs; returns its canonical form.</summary>
    /// <exception cref="IOException">The path is an input file or lies under an input folder.</exception>
    public string CheckNotInput(string option, string path)
    {
        string canonical = CanonicalPath.Of(path);
        foreach (var (input, file) in _inputFiles)
        {
            if (canonical == file)
                throw new IOException($"{option} {Shown(path)} is the {input} file this command reads; choose another output path");
        }
        foreach (var (input, folder) in _inputFolders)
        {
            if (CanonicalPath.IsUnder(canonical, folder))
                throw new IOException($"{option} {Shown(path)} lies inside the {input} folder {Shown(folder)} this command reads; write outside it");
        }
        return canonical;
    }

    /// <summary>Creates and deletes a scratch file where the atomic writer will put its temporary file.</summary>
    private static void ProbeWritable(string option, string path, string canonical)
    {
        string probe = AtomicFile.TemporaryPathFor(canonical);
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"{option} {Shown(path)}: cannot write in {Shown(Path.GetDirectoryName(canonical) ?? canonical)} ({UserText.Clip(ex.Message)})", ex);
        }
    }

    private static string Shown(string path) => UserText.Clip(path);
}
