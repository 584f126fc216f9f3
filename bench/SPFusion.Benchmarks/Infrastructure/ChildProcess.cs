using System.Diagnostics;
using System.Reflection;
using System.Text.Json;

namespace SPFusion.Benchmarks.Infrastructure;

/// <summary>
/// Runs one measurement in a fresh copy of this program (<c>--sub name</c>) and collects the metrics it prints on its
/// result line; its progress on stderr is passed through.
/// </summary>
internal static class ChildProcess
{
    public const string ResultMarker = "BENCH-RESULT ";

    public static IReadOnlyList<Metric> Run(string sub, string? argument, BenchArguments parent, string repoRoot, string work)
    {
        var args = new List<string>();
        var psi = new ProcessStartInfo { RedirectStandardOutput = true, UseShellExecute = false };
        string self = Environment.ProcessPath ?? throw new InvalidOperationException("cannot locate this program");
        if (Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            psi.FileName = self;
            args.Add(Assembly.GetEntryAssembly()!.Location);
        }
        else
        {
            psi.FileName = self;
        }

        args.AddRange(["--sub", sub, "--repo", repoRoot, "--work", work]);
        if (argument is not null) args.AddRange(["--sub-arg", argument]);
        if (parent.Quick) args.Add("--quick");
        foreach (var a in args) psi.ArgumentList.Add(a);

        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {psi.FileName}");
        IReadOnlyList<Metric>? metrics = null;
        string? line;
        while ((line = process.StandardOutput.ReadLine()) is not null)
        {
            if (line.StartsWith(ResultMarker, StringComparison.Ordinal))
                metrics = JsonSerializer.Deserialize<List<Metric>>(line[ResultMarker.Length..]);
            else
                Console.Error.WriteLine(line);
        }

        process.WaitForExit();
        if (process.ExitCode != 0 || metrics is null)
            throw new InvalidOperationException($"measurement '{sub}{(argument is null ? "" : " " + argument)}' failed (exit code {process.ExitCode}); see its output above");
        return metrics;
    }

    /// <summary>Child side: prints the result line the parent looks for.</summary>
    public static void Report(IReadOnlyList<Metric> metrics) =>
        Console.Out.WriteLine(ResultMarker + JsonSerializer.Serialize(metrics));
}
