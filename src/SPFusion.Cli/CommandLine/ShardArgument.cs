using SPFusion.ML.Survey;

namespace SPFusion.Cli.CommandLine;

/// <summary>
/// <c>--shard K/N</c> (0-based K), or <c>auto/N</c>: K from the array-job index the scheduler sets, so the same command
/// line serves every task of a Slurm job array, a Kubernetes Indexed Job or an AWS Batch array job.
/// </summary>
internal static class ShardArgument
{
    /// <summary>The environment variables read by <c>auto</c>, first set wins.</summary>
    public static readonly IReadOnlyList<string> IndexVariables = ["SLURM_ARRAY_TASK_ID", "JOB_COMPLETION_INDEX", "AWS_BATCH_JOB_ARRAY_INDEX"];

    /// <summary>Parses the option's value; <paramref name="environment"/> looks up variables (the process's by default).</summary>
    /// <exception cref="CliUsageException">Not K/N or auto/N, or auto with no index variable set.</exception>
    public static SurveyShard Parse(string text, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        string value = text;
        if (text.StartsWith("auto/", StringComparison.Ordinal))
        {
            var set = IndexVariables.Select(v => (Name: v, Value: environment(v))).FirstOrDefault(v => !string.IsNullOrEmpty(v.Value));
            if (set.Value is null)
                throw new CliUsageException($"--shard {text}: none of {string.Join(", ", IndexVariables)} is set; give the index as K/N");
            value = set.Value.Trim() + text[4..];
        }
        try
        {
            return SurveyShard.Parse(value);
        }
        catch (FormatException ex)
        {
            throw new CliUsageException($"--shard {ex.Message}{(value != text ? $" (from {text})" : "")}");
        }
    }
}
