namespace SPFusion.Cli.CommandLine;

/// <summary>
/// How to start this very tool again from a script (a Slurm job, for one): the <c>spfusion</c> apphost when the tool
/// runs as one, else <c>dotnet spfusion.dll</c> with the dll beside the running assembly (a <c>dotnet spfusion.dll</c>
/// run, a <c>dotnet tool</c> shim, or the test host). Absolute paths, so the script works from any folder.
/// </summary>
internal static class ToolCommand
{
    /// <summary>The words of the command line that starts the tool.</summary>
    public static IReadOnlyList<string> Words()
    {
        string? process = Environment.ProcessPath;
        string apphost = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "spfusion.exe" : "spfusion");
        if (process is not null && SameFile(process, apphost)) return [Path.GetFullPath(apphost)];
        string dll = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "spfusion.dll"));
        // The running host is dotnet when started as `dotnet spfusion.dll`; anything else (a test host) is not the muxer.
        string dotnet = process is not null && Path.GetFileNameWithoutExtension(process) == "dotnet" ? process : DotnetOnPath() ?? "dotnet";
        return [dotnet, dll];
    }

    private static bool SameFile(string a, string b) =>
        string.Equals(CanonicalPath.Of(a), CanonicalPath.Of(b), OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

    private static string? DotnetOnPath()
    {
        string name = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        if (Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } root && File.Exists(Path.Combine(root, name)))
            return Path.Combine(root, name);
        foreach (string folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(folder, name);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
