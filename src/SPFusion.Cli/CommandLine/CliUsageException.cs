namespace SPFusion.Cli.CommandLine;

/// <summary>A command line that cannot be understood (unknown option, missing value, bad number).</summary>
internal sealed class CliUsageException(string message) : Exception(message);
