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

    public const string Usage =
        "usage: dotnet run -c Release --project bench/SPFusion.Benchmarks -- [--quick] [--out bench-results.json] " +
        "[--only name,name] [--repo DIR] [--python PATH]";

    /// <summary>Parses the arguments; throws <see cref="ArgumentException"/> naming the bad one.</summary>
    public static BenchArguments Parse(IReadOnlyList<string> args)
    {
        var result = new BenchArguments();
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            string Value()
            {
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                    throw new ArgumentException($"option {a} needs a value");
                return args[++i];
            }

            result = a switch
            {
                "--quick" => result with { Quick = true },
                "--out" => result with { OutPath = Value() },
                "--sub" => result with { Sub = Value() },
                "--sub-arg" => result with { SubArgument = Value() },
                "--only" => result with { Only = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) },
                "--repo" => result with { RepositoryDirectory = Value() },
                "--work" => result with { WorkDirectory = Value() },
                "--python" => result with { Python = Value() },
                _ => throw new ArgumentException($"unknown argument '{a}'"),
            };
        }

        return result;
    }
}
