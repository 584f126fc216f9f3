namespace SPFusion.Cli.CommandLine;

/// <summary>
/// A path made absolute with every symbolic link along it resolved, so two spellings of one file compare equal
/// (<c>out.csv</c>, <c>./x/../out.csv</c>, a link to it). Components that do not exist yet are kept as written.
/// </summary>
internal static class CanonicalPath
{
    // Link chains longer than this are cycles or pathological; stop resolving rather than loop.
    private const int MaxLinks = 40;

    /// <summary>The canonical form of <paramref name="path"/>.</summary>
    public static string Of(string path) => Resolve(Path.GetFullPath(path), MaxLinks);

    /// <summary>True when <paramref name="path"/> is <paramref name="folder"/> or lies under it (both canonical).</summary>
    public static bool IsUnder(string path, string folder)
    {
        string prefix = Path.EndsInDirectorySeparator(folder) ? folder : folder + Path.DirectorySeparatorChar;
        return path == folder || path.StartsWith(prefix, StringComparison.Ordinal);
    }

    private static string Resolve(string full, int linksLeft)
    {
        string root = Path.GetPathRoot(full) ?? "";
        string current = root;
        foreach (string part in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            current = Path.Combine(current, part);
            FileSystemInfo info = new FileInfo(current);
            if (info.LinkTarget is not { } target) continue;
            if (linksLeft == 0) return current;
            string resolved = Path.GetFullPath(target, Path.GetDirectoryName(current) ?? root);
            current = Resolve(resolved, linksLeft - 1);
        }
        return current;
    }
}
