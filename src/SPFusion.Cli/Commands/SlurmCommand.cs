using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using SPFusion.Cli.CommandLine;
using SPFusion.Transforms.Catalogs;
using SPFusion.Transforms.Datasets;

namespace SPFusion.Cli.Commands;

/// <summary>
/// <c>spfusion slurm</c>: a survey run as a Slurm job array. Writes <c>predict.sbatch</c>, <c>merge.sbatch</c> and
/// <c>submit.sh</c> into the run folder (see <see cref="SlurmScripts"/>) and prints how to submit them, or submits them.
/// Everything is checked before the first file is written.
/// </summary>
internal sealed class SlurmCommand : ICliCommand
{
    /// <inheritdoc/>
    public string Name => "slurm";

    /// <inheritdoc/>
    public string Summary => "write sbatch scripts that run predict --catalog as a Slurm job array of N shards and merge them";

    /// <inheritdoc/>
    public IEnumerable<Symbol> Symbols => [_catalog, _model, _out, _shards, _partition, _time, _cpus, _mem, _fallback, _format, _submit];

    private readonly Option<string?> _catalog = CliOptions.Text("--catalog", "CATALOG.csv", "the survey catalogue (as predict --catalog reads it)", required: true);

    private readonly Option<string?> _model = CliOptions.Text("--model", "model.zip|FILE.onnx|published", "the model every task uses", required: true);

    private readonly Option<string?> _out = CliOptions.Text("--out", "DIR",
        "the run folder: scripts, logs/, shards/ and the merged estimates (created if missing)", required: true);

    private readonly Option<int?> _shards = CliOptions.Int("--shards", "array tasks, one shard each", min: 1);

    private readonly Option<string?> _partition = CliOptions.Text("--partition", "P", "sbatch --partition (default: the cluster's)");

    private readonly Option<string?> _time = CliOptions.Text("--time", "T", "sbatch --time per task, e.g. 24:00:00 (default: the partition's)");

    private readonly Option<int?> _cpus = CliOptions.Int("--cpus-per-task", "sbatch --cpus-per-task; each task scores with that many threads (default 1)", min: 1);

    private readonly Option<string?> _mem = CliOptions.Text("--mem", "M", "sbatch --mem per task, e.g. 4G (default: the partition's)");

    private readonly Option<string?> _fallback = CliOptions.Text("--fallback-model", "model.zip|FILE.onnx", "predict --fallback-model for stars whose frames are unusable");

    private readonly Option<string?> _format = CliOptions.Text("--format", "csv|fits|parquet", "the merged table's format (default csv)");

    private readonly Option<bool> _submit = CliOptions.Flag("--submit", "run submit.sh (sbatch) at once and print the job ids");

    /// <inheritdoc/>
    public int Run(ParseResult args, TextWriter stdout, TextWriter stderr)
    {
        int shards = args.GetValue(_shards) ?? throw new CliUsageException("--shards N is required");
        string format = args.GetValue(_format) ?? "csv";
        if (format is not ("csv" or "fits" or "parquet")) throw new CliUsageException($"option --format expects csv, fits or parquet, got '{format}'");
        string catalog = Path.GetFullPath(args.GetValue(_catalog)!);
        string model = Path.GetFullPath(PublishedModel.Resolve(args.GetValue(_model)!));
        string? fallback = args.GetValue(_fallback) is { } f ? Path.GetFullPath(PublishedModel.Resolve(f)) : null;
        string folder = Path.GetFullPath(args.GetValue(_out)!);

        InputFile.Require("--catalog", catalog);
        InputFile.Require("--model", model);
        if (fallback is not null) InputFile.Require("--fallback-model", fallback);
        foreach (var (option, value) in new[] { ("--partition", args.GetValue(_partition)), ("--time", args.GetValue(_time)), ("--mem", args.GetValue(_mem)) })
        {
            if (value is not null && (value.Length == 0 || value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '\'' or '"' or '#' or '\\')))
                throw new CliUsageException($"{option} '{UserText.Clip(value)}' is not a single sbatch value (no spaces, quotes or #)");
        }
        // #SBATCH lines take no shell quoting and % starts a Slurm file name pattern: the folder must read as one plain word.
        if (folder.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '\'' or '"' or '%' or '\\' or '$' or '`'))
            throw new CliUsageException($"--out {UserText.Clip(folder)}: a Slurm run folder must have no spaces, quotes, %, $, ` or \\ in its path");
        var inputs = new OutputPath().InputFile("--catalog", catalog).InputFile("--model", model).InputFile("--fallback-model", fallback);
        inputs.CheckNotInput("--out", folder);
        if (File.Exists(folder)) throw new IOException($"--out {UserText.Clip(folder)} is a file; give a folder");
        var catalogRows = SurveyCatalog.ReadRows(catalog).ToList(); // a malformed header is refused here, not in N tasks
        // Neither may the run folder hold a file the catalogue lists: a task writing there could replace an input.
        foreach (var row in catalogRows)
        {
            if (row.Entry is not { } e) continue;
            foreach (string listed in new[] { e.SpectrumPath, e.GPath, e.RPath, e.IPath })
            {
                if (listed.Length > 0 && CanonicalPath.IsUnder(CanonicalPath.Of(listed), CanonicalPath.Of(folder)))
                    throw new IOException($"--out {UserText.Clip(folder)} holds {UserText.Clip(listed)}, a file the catalogue lists on line {row.Line}; choose a run folder outside the survey's files");
            }
        }
        if (CanonicalPath.IsUnder(CanonicalPath.Of(catalog), CanonicalPath.Of(folder)))
            throw new IOException($"--out {UserText.Clip(folder)} holds the --catalog file; choose a run folder outside it");

        var scripts = new SlurmScripts
        {
            Tool = ToolCommand.Words(),
            Catalog = catalog,
            Model = model,
            FallbackModel = fallback,
            Folder = folder,
            Shards = shards,
            Partition = args.GetValue(_partition),
            Time = args.GetValue(_time),
            CpusPerTask = args.GetValue(_cpus),
            Memory = args.GetValue(_mem),
            Format = format,
        };
        Directory.CreateDirectory(scripts.LogFolder);
        Directory.CreateDirectory(scripts.ShardFolder);
        WriteScript(scripts.PredictScript, scripts.Predict());
        WriteScript(scripts.MergeScript, scripts.Merge());
        WriteScript(scripts.SubmitScript, scripts.Submit());

        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{catalogRows.Count} catalogue rows in {shards} shard{(shards == 1 ? "" : "s")}: {scripts.PredictScript}, {scripts.MergeScript}, {scripts.SubmitScript}"));
        if (!args.GetValue(_submit))
        {
            stdout.WriteLine("submit with:");
            stdout.WriteLine($"  array=$(sbatch --parsable {SlurmScripts.Quote(scripts.PredictScript)})");
            stdout.WriteLine($"  sbatch --dependency=afterok:\"${{array%%;*}}\" {SlurmScripts.Quote(scripts.MergeScript)}");
            stdout.WriteLine($"or: bash {SlurmScripts.Quote(scripts.SubmitScript)}");
            stdout.WriteLine($"merged estimates: {scripts.MergedOutput}");
            return 0;
        }
        return Submit(scripts, stdout, stderr);
    }

    private static void WriteScript(string path, string text)
    {
        AtomicFile.WriteText(path, w => w.Write(text.ReplaceLineEndings("\n")));
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
    }

    private static int Submit(SlurmScripts scripts, TextWriter stdout, TextWriter stderr)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(scripts.SubmitScript);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new IOException($"--submit: cannot run bash {scripts.SubmitScript} ({ex.Message})", ex);
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            stdout.Write(output.Result);
            if (process.ExitCode != 0)
            {
                string why = errors.Result.Trim().ReplaceLineEndings(" ");
                stderr.WriteLine($"spfusion slurm: {scripts.SubmitScript} failed (exit code {process.ExitCode}): {UserText.Clip(why.Length > 0 ? why : "no message")}");
                return 1;
            }
            stdout.WriteLine($"merged estimates, once the merge job ends: {scripts.MergedOutput}");
            return 0;
        }
    }
}
