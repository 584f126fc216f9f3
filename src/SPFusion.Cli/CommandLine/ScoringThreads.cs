using System.CommandLine;

namespace SPFusion.Cli.CommandLine;

/// <summary><c>--threads</c> of <c>predict</c> and <c>evaluate</c>: ONNX Runtime's intra-op threads.</summary>
internal static class ScoringThreads
{
    /// <summary>
    /// The value, refused above the number of cores: more intra-op threads than cores only makes them wait for each
    /// other at every operator.
    /// </summary>
    public static int? Read(ParseResult args, Option<int?> option)
    {
        int? threads = args.GetValue(option);
        int cores = Environment.ProcessorCount;
        if (threads > cores)
            throw new CliUsageException(CliOptions.Range("--threads", $"must be between 1 and {cores} (the number of cores)", threads));
        return threads;
    }
}
