using System.CommandLine;
using System.CommandLine.Invocation;
using SPFusion.Cli.CommandLine;

namespace SPFusion.Benchmarks.Infrastructure;

/// <summary>
/// The benchmark's command line. <c>--sub</c> is internal: the program starts itself once per measurement with it so
/// every measurement gets a fresh process (own peak-memory counter, own thread pools, no warm caches from others).
/// </summary>
internal sealed record BenchArguments
{
    public const string DefaultOut = "bench-results.json";

    /// <summary>Small counts and few steps: a smoke run of every row in a couple of minutes.</summary>
    public bool Quick { get; init; }

    /// <summary>Where the JSON results go.</summary>
    public string OutPath { get; init; } = DefaultOut;

    /// <summary>Child mode: run this one measurement and print its result line.</summary>
    public string? Sub { get; init; }

    /// <summary>Child mode: extra argument of the measurement (e.g. the star count of a memory run).</summary>
    public string? SubArgument { get; init; }

    /// <summary>Only these measurements (comma-separated names; default all).</summary>
    public IReadOnlyList<string>? Only { get; init; }

    /// <summary>The repository root (tests/data, models/, bench/pytorch/); default: found above the current folder.</summary>
    public string? RepositoryDirectory { get; init; }

    /// <summary>Scratch folder for exported graphs, model zips and synthetic star files.</summary>
    public string? WorkDirectory { get; init; }

    /// <summary>Python interpreter for the PyTorch and bz2 references.</summary>
    public string Python { get; init; } = "/usr/bin/python3";

    /// <summary>
    /// Parses the arguments with System.CommandLine, as the spfusion tool parses its own; null when <c>--help</c> was given
    /// and answered.
    /// </summary>
    /// <exception cref="ArgumentException">A bad argument; the message is one line naming it, with the synopsis.</exception>
    public static BenchArguments? Parse(IReadOnlyList<string> args)
    {
        var quick = CliOptions.Flag("--quick", "small counts and few steps: a smoke run of every row");
        var output = CliOptions.Text("--out", "FILE.json", $"where the JSON results go (default {DefaultOut})");
        var only = CliOptions.Text("--only", "name,name", "only these measurements (default all)");
        var repo = CliOptions.Text("--repo", "DIR", "the repository root (default: found above the current folder)");
        var python = CliOptions.Text("--python", "PATH", "Python interpreter for the PyTorch and bz2 references (default /usr/bin/python3)");
        // The program's own, for the child processes it starts.
        var sub = CliOptions.Text("--sub", "NAME", "run this one measurement and print its result line");
        var subArgument = CliOptions.Text("--sub-arg", "VALUE", "extra argument of the measurement");
        var work = CliOptions.Text("--work", "DIR", "scratch folder");
        foreach (var childOption in new[] { sub, subArgument, work }) childOption.Hidden = true;
        var root = new RootCommand("SPFusion benchmarks (bench/README.md)") { quick, output, only, repo, python, sub, subArgument, work };

        var parsed = root.Parse(args);
        if (parsed.Action is not (null or ParseErrorAction))
        {
            parsed.Invoke();
            return null;
        }
        if (ParseErrors.First(parsed, root) is { } usage)
            throw new ArgumentException($"{usage} (usage: dotnet run -c Release --project bench/SPFusion.Benchmarks -- [--quick] [--out bench-results.json] [--only name,name] [--repo DIR] [--python PATH])");
        var defaults = new BenchArguments();
        return new BenchArguments
        {
            Quick = parsed.GetValue(quick),
            OutPath = parsed.GetValue(output) ?? DefaultOut,
            Sub = parsed.GetValue(sub),
            SubArgument = parsed.GetValue(subArgument),
            Only = parsed.GetValue(only)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            RepositoryDirectory = parsed.GetValue(repo),
            WorkDirectory = parsed.GetValue(work),
            Python = parsed.GetValue(python) ?? defaults.Python,
        };
    }
}
