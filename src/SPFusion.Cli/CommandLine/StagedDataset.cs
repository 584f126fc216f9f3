using SPFusion.Transforms.Datasets;

namespace SPFusion.Cli.CommandLine;

/// <summary>
/// The folder <c>spfusion prepare</c> writes, built beside its target and swapped in only when complete, so a dataset
/// appears whole or not at all (a failed run leaves an earlier dataset as it was, not new arrays beside a stale label
/// table). A manifest records every file and folder prepare wrote; an existing target is replaced only when everything
/// in it is listed there, so prepare never deletes what it did not write.
/// </summary>
internal sealed class StagedDataset : IDisposable
{
    /// <summary>The manifest's file name inside a prepared dataset.</summary>
    public const string ManifestName = ".spfusion-prepare-manifest";

    private readonly string _target;
    private bool _committed;

    /// <summary>Checks <paramref name="target"/> (option <c>--out</c>) and creates the staging folder beside it.</summary>
    /// <exception cref="IOException">The target holds something prepare did not write, or is a file.</exception>
    public StagedDataset(string target)
    {
        _target = Path.GetFullPath(target);
        CheckReplaceable();
        string parent = Path.GetDirectoryName(_target) ?? throw new IOException($"--out {UserText.Clip(target)}: not a folder path");
        Directory.CreateDirectory(parent);
        Folder = AtomicFile.TemporaryPathFor(_target);
        Directory.CreateDirectory(Folder);
    }

    /// <summary>The staging folder to write the dataset into.</summary>
    public string Folder { get; }

    /// <summary>Writes the manifest and puts the staged dataset in the target's place (replacing an earlier prepared one).</summary>
    public void Commit()
    {
        WriteManifest();
        CheckReplaceable(); // again: the user may have added a file while the stars were prepared
        if (!Directory.Exists(_target))
        {
            Directory.Move(Folder, _target);
        }
        else
        {
            // Two renames: readers see the old dataset, briefly none, then the new one; never a mixture.
            string old = AtomicFile.TemporaryPathFor(_target) + ".old";
            Directory.Move(_target, old);
            try
            {
                Directory.Move(Folder, _target);
            }
            catch
            {
                Directory.Move(old, _target);
                throw;
            }
            Directory.Delete(old, recursive: true); // only prepare's own files: checked against its manifest above
        }
        _committed = true;
    }

    /// <summary>Deletes the staging folder unless the dataset was committed.</summary>
    public void Dispose()
    {
        if (_committed || !Directory.Exists(Folder)) return;
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // The original error matters more; a leftover hidden .partial folder is recognisable.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private void CheckReplaceable()
    {
        if (File.Exists(_target))
            throw new IOException($"--out {UserText.Clip(_target)} is a file; prepare writes a dataset folder");
        if (!Directory.Exists(_target)) return;
        var entries = Entries(_target);
        if (entries.Count == 0) return;
        string manifest = Path.Combine(_target, ManifestName);
        var written = File.Exists(manifest) ? File.ReadAllLines(manifest).ToHashSet(StringComparer.Ordinal) : [];
        string? foreign = entries.FirstOrDefault(e => e != ManifestName && !written.Contains(e));
        if (foreign is not null)
        {
            throw new IOException(written.Count == 0
                ? $"--out {UserText.Clip(_target)} holds files prepare did not write (e.g. {UserText.Clip(foreign)}); choose a new or empty folder"
                : $"--out {UserText.Clip(_target)} holds {UserText.Clip(foreign)}, which prepare did not write; move it away or choose another folder");
        }
    }

    private void WriteManifest()
    {
        var lines = Entries(Folder);
        AtomicFile.WriteText(Path.Combine(Folder, ManifestName), w =>
        {
            foreach (string line in lines) w.WriteLine(line);
        });
    }

    /// <summary>Every file, link and folder under <paramref name="root"/>, relative, '/'-separated, without following links.</summary>
    private static List<string> Entries(string root)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false };
        return Directory.EnumerateFileSystemEntries(root, "*", options)
            .Select(e => Path.GetRelativePath(root, e).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The fold folders of the dataset being replaced (for the user's summary line).</summary>
    public IReadOnlyList<string> ReplacedFolds() =>
        FoldFolders.All(_target).Select(f => Path.GetFileName(f.Path)).ToList();
}
