using System.Globalization;
using System.Text;

namespace SPFusion.Cli.CommandLine;

/// <summary>
/// The files <c>spfusion slurm</c> writes: <c>predict.sbatch</c> (a job array, one shard per task, requeueable and
/// resumable), <c>merge.sbatch</c> (the shard outputs into one table) and <c>submit.sh</c> (the array, then the merge
/// once every task succeeded). Plain bash with absolute paths, meant to be read and edited before submitting.
/// </summary>
internal sealed record SlurmScripts
{
    public required IReadOnlyList<string> Tool { get; init; }

    public required string Catalog { get; init; }

    public required string Model { get; init; }

    public string? FallbackModel { get; init; }

    /// <summary>The run folder (absolute).</summary>
    public required string Folder { get; init; }

    public required int Shards { get; init; }

    public string? Partition { get; init; }

    public string? Time { get; init; }

    public int? CpusPerTask { get; init; }

    public string? Memory { get; init; }

    /// <summary>csv, fits or parquet: the merged table's extension.</summary>
    public required string Format { get; init; }

    public string PredictScript => Path.Combine(Folder, "predict.sbatch");

    public string MergeScript => Path.Combine(Folder, "merge.sbatch");

    public string SubmitScript => Path.Combine(Folder, "submit.sh");

    public string ShardFolder => Path.Combine(Folder, "shards");

    public string LogFolder => Path.Combine(Folder, "logs");

    public string MergedOutput => Path.Combine(Folder, $"estimates.{Format}");

    /// <summary>The job array's script.</summary>
    public string Predict()
    {
        var s = Header("spfusion-predict", $"{LogFolder}/predict-%A_%a.out");
        s.AppendLine(Inv($"#SBATCH --array=0-{Shards - 1}"));
        // Slurm requeues a preempted or failed-node task; --resume below makes the new attempt continue, not restart.
        s.AppendLine("#SBATCH --requeue");
        // A requeued task appends to its log, so the log keeps what the interrupted attempt did.
        s.AppendLine("#SBATCH --open-mode=append");
        if (CpusPerTask is { } c) s.AppendLine(Inv($"#SBATCH --cpus-per-task={c}"));
        s.AppendLine();
        s.AppendLine(Inv($"# Task K estimates shard K/{Shards} of the catalogue (--shard auto/{Shards} reads K from SLURM_ARRAY_TASK_ID;"));
        s.AppendLine("# stars sharing SDSS frames are in one shard). --resume continues a requeued task after its last committed chunk,");
        s.AppendLine("# and reports a finished shard as finished.");
        s.AppendLine("set -euo pipefail");
        s.AppendLine("export OMP_WAIT_POLICY=PASSIVE");
        s.AppendLine($"mkdir -p {Quote(ShardFolder)}");
        s.AppendLine(Inv($"echo \"task $SLURM_ARRAY_TASK_ID of job $SLURM_ARRAY_JOB_ID (shard $SLURM_ARRAY_TASK_ID/{Shards}) started on $(hostname) at $(date -u +%FT%TZ)\""));
        s.AppendLine($"{Words(Tool)} predict \\");
        s.AppendLine($"  --catalog {Quote(Catalog)} \\");
        s.AppendLine($"  --model {Quote(Model)} \\");
        if (FallbackModel is not null) s.AppendLine($"  --fallback-model {Quote(FallbackModel)} \\");
        s.AppendLine(Inv($"  --shard auto/{Shards} --resume \\"));
        s.AppendLine("  --threads \"${SLURM_CPUS_PER_TASK:-1}\" \\");
        s.AppendLine($"  --out {Quote(ShardFolder)}/shard-\"$SLURM_ARRAY_TASK_ID\".csv");
        return s.ToString();
    }

    /// <summary>The merge job's script.</summary>
    public string Merge()
    {
        var s = Header("spfusion-merge", $"{LogFolder}/merge-%j.out");
        s.AppendLine();
        s.AppendLine("# Every catalogue row must be in exactly one shard output; a missing shard is named with its catalogue lines.");
        s.AppendLine("set -euo pipefail");
        s.AppendLine($"{Words(Tool)} merge \\");
        s.AppendLine($"  --catalog {Quote(Catalog)} \\");
        s.AppendLine($"  --out {Quote(MergedOutput)} \\");
        s.AppendLine($"  {Quote(ShardFolder)}/shard-*.csv");
        return s.ToString();
    }

    /// <summary>The submission script: the array, then the merge depending on all of it.</summary>
    public string Submit()
    {
        var s = new StringBuilder();
        s.AppendLine("#!/bin/bash");
        s.AppendLine("# Written by spfusion slurm. Submits the job array, then the merge, which starts once every task succeeded.");
        s.AppendLine("set -euo pipefail");
        s.AppendLine($"array=$(sbatch --parsable {Quote(PredictScript)})");
        s.AppendLine("array=${array%%;*} # --parsable prints ID;CLUSTER on a multi-cluster set-up");
        s.AppendLine($"merge=$(sbatch --parsable --dependency=afterok:\"$array\" {Quote(MergeScript)})");
        s.AppendLine("merge=${merge%%;*}");
        s.AppendLine("echo \"predict array: $array\"");
        s.AppendLine("echo \"merge: $merge\"");
        return s.ToString();
    }

    private StringBuilder Header(string jobName, string log)
    {
        var s = new StringBuilder();
        s.AppendLine("#!/bin/bash");
        s.AppendLine($"# Written by spfusion slurm for {Catalog}; edit freely (the #SBATCH lines are sbatch options).");
        s.AppendLine($"#SBATCH --job-name={jobName}");
        s.AppendLine($"#SBATCH --output={log}");
        if (Partition is not null) s.AppendLine($"#SBATCH --partition={Partition}");
        if (Time is not null) s.AppendLine($"#SBATCH --time={Time}");
        if (Memory is not null) s.AppendLine($"#SBATCH --mem={Memory}");
        return s;
    }

    private static string Words(IEnumerable<string> words) => string.Join(' ', words.Select(Quote));

    /// <summary>A word for bash: as is when it holds only safe characters, else in single quotes.</summary>
    public static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "/._-+=:,@%".Contains(c))
            ? word
            : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
