using System.Diagnostics;
using SPFusion.Tests.Support;
using SPFusion.Tests.Survey;

namespace SPFusion.Tests.Cli;

/// <summary>
/// <c>spfusion slurm</c> (issue 15): the job array, merge and submission scripts it writes, and its refusals before any
/// file is written. Running them on a real cluster is <c>.ci/slurm-test</c>'s job.
/// </summary>
[Collection(PlantedSurveyCollection.Name)]
public sealed class SlurmCommandTests(PlantedSurveyFixture survey)
{
    [Fact]
    public void WritesAnArrayOfShardsAMergeThatDependsOnItAndASubmitScript()
    {
        using var temp = new TempFolder("spfusion-slurm");
        string dir = temp.File("run");
        var (code, stdout, stderr) = CliHarness.Run("slurm", "--catalog", survey.CatalogPath, "--model", TestPaths.PublishedOnnx, "--out", dir,
            "--shards", "5", "--partition", "long", "--time", "24:00:00", "--cpus-per-task", "2", "--mem", "4G",
            "--fallback-model", survey.FallbackPath, "--format", "parquet");
        Assert.True(code == 0, stderr);

        string predict = File.ReadAllText(Path.Combine(dir, "predict.sbatch"));
        string merge = File.ReadAllText(Path.Combine(dir, "merge.sbatch"));
        string submit = File.ReadAllText(Path.Combine(dir, "submit.sh"));
        Assert.True(Directory.Exists(Path.Combine(dir, "logs")));
        Assert.True(Directory.Exists(Path.Combine(dir, "shards")));
        foreach (string line in new[]
        {
            "#SBATCH --array=0-4", "#SBATCH --requeue", $"#SBATCH --output={dir}/logs/predict-%A_%a.out", "#SBATCH --partition=long",
            "#SBATCH --time=24:00:00", "#SBATCH --cpus-per-task=2", "#SBATCH --mem=4G",
        })
        {
            Assert.Contains(line + "\n", predict);
        }
        Assert.Contains("--shard auto/5 --resume", predict);
        Assert.Contains("--threads \"${SLURM_CPUS_PER_TASK:-1}\"", predict);
        Assert.Contains($"--out {dir}/shards/shard-\"$SLURM_ARRAY_TASK_ID\".csv", predict);
        Assert.Contains($"--catalog {survey.CatalogPath}", predict);
        Assert.Contains($"--model {TestPaths.PublishedOnnx}", predict);
        Assert.Contains($"--fallback-model {survey.FallbackPath}", predict);
        // The tool as it runs here (the test host): dotnet and the spfusion.dll beside it, absolute.
        Assert.Contains(Path.Combine(AppContext.BaseDirectory, "spfusion.dll") + " predict", predict);

        Assert.Contains("#SBATCH --partition=long\n", merge);
        Assert.Contains(" merge \\", merge);
        Assert.Contains($"--catalog {survey.CatalogPath}", merge);
        Assert.Contains($"--out {dir}/estimates.parquet", merge);
        Assert.Contains($"{dir}/shards/shard-*.csv", merge);
        Assert.DoesNotContain("--array", merge);

        Assert.Contains($"sbatch --parsable {dir}/predict.sbatch", submit);
        Assert.Contains($"--dependency=afterok:\"$array\" {dir}/merge.sbatch", submit);
        Assert.Contains($"sbatch --parsable {dir}/predict.sbatch", stdout);
        Assert.Contains("--dependency=afterok:", stdout);
        Assert.Contains($"{dir}/estimates.parquet", stdout);

        foreach (string script in new[] { "predict.sbatch", "merge.sbatch", "submit.sh" })
        {
            string path = Path.Combine(dir, script);
            if (!OperatingSystem.IsWindows()) Assert.True(File.GetUnixFileMode(path).HasFlag(UnixFileMode.UserExecute), script);
            Assert.StartsWith("#!/bin/bash\n", File.ReadAllText(path));
            var (bash, _, syntax) = Bash("-n", path);
            Assert.True(bash == 0, $"{script}: {syntax}");
        }
    }

    [Fact]
    public void ScriptsStartTheToolTheWayItWasStarted()
    {
        using var temp = new TempFolder("spfusion-slurm-tool");
        string apphost = Path.Combine(AppContext.BaseDirectory, "spfusion");
        string dll = Path.Combine(AppContext.BaseDirectory, "spfusion.dll");
        string[] args = ["slurm", "--catalog", survey.CatalogPath, "--model", TestPaths.PublishedOnnx, "--shards", "2", "--out"];

        // dotnet spfusion.dll: the muxer that ran it, then the dll.
        var (code, _, stderr) = CliProcess.Run([.. args, temp.File("via-dotnet")]);
        Assert.True(code == 0, stderr);
        string line = File.ReadAllLines(temp.File("via-dotnet/predict.sbatch")).Single(l => l.EndsWith(" predict \\", StringComparison.Ordinal));
        string[] words = line.Split(' ');
        Assert.Equal("dotnet", Path.GetFileNameWithoutExtension(words[0]));
        Assert.True(Path.IsPathRooted(words[0]) && File.Exists(words[0]), line);
        Assert.Equal(dll, words[1]);

        // The apphost: itself, alone.
        (code, _, stderr) = Run(apphost, [.. args, temp.File("via-apphost")]);
        Assert.True(code == 0, stderr);
        Assert.Contains($"{apphost} predict \\\n", File.ReadAllText(temp.File("via-apphost/predict.sbatch")));
        Assert.Contains($"{apphost} merge \\\n", File.ReadAllText(temp.File("via-apphost/merge.sbatch")));
    }

    [Fact]
    public void PathsWithQuotesAreQuotedForBash()
    {
        Assert.Equal("/data/survey.csv", SPFusion.Cli.CommandLine.SlurmScripts.Quote("/data/survey.csv"));
        string quoted = SPFusion.Cli.CommandLine.SlurmScripts.Quote("/data/it's a survey.csv");
        var (code, stdout, _) = Bash("-c", $"printf %s {quoted}");
        Assert.Equal(0, code);
        Assert.Equal("/data/it's a survey.csv", stdout);
    }

    [Fact]
    public void BadInputIsRefusedBeforeAnyFileIsWritten()
    {
        using var temp = new TempFolder("spfusion-slurm-refusals");
        string dir = temp.File("run");
        string[] Args(string catalog, string model, string output, string shards) =>
            ["slurm", "--catalog", catalog, "--model", model, "--out", output, "--shards", shards];

        var cases = new (string[] Args, string Named)[]
        {
            (Args(temp.File("missing.csv"), TestPaths.PublishedOnnx, dir, "4"), "missing.csv"),
            (Args(survey.CatalogPath, temp.File("missing.onnx"), dir, "4"), "missing.onnx"),
            (Args(survey.CatalogPath, TestPaths.PublishedOnnx, dir, "0"), "--shards must be at least 1"),
            (["slurm", "--catalog", survey.CatalogPath, "--model", TestPaths.PublishedOnnx, "--out", dir], "--shards N is required"),
            ([.. Args(survey.CatalogPath, TestPaths.PublishedOnnx, dir, "4"), "--format", "xlsx"], "--format expects csv, fits or parquet"),
            ([.. Args(survey.CatalogPath, TestPaths.PublishedOnnx, dir, "4"), "--time", "1:00 --x"], "--time '1:00 --x' is not a single sbatch value"),
            (Args(survey.CatalogPath, TestPaths.PublishedOnnx, survey.CatalogPath, "4"), "is the --catalog file"),
            (Args(survey.CatalogPath, TestPaths.PublishedOnnx, Path.GetDirectoryName(survey.CatalogPath)!, "4"), "holds"),
            (Args(survey.CatalogPath, TestPaths.PublishedOnnx, temp.File("a folder"), "4"), "no spaces"),
        };
        foreach (var (args, named) in cases)
        {
            var (code, _, stderr) = CliHarness.Run(args);
            Assert.True(code == 2, $"{string.Join(' ', args)}: exit code {code}");
            Assert.Contains(named, stderr);
            Assert.Single(stderr.Trim().Split('\n'));
            Assert.False(Directory.Exists(dir), $"{string.Join(' ', args)} created the run folder");
        }
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(survey.CatalogPath)!, "predict.sbatch")));
    }

    private static (int ExitCode, string Stdout, string Stderr) Bash(params string[] args) => Run("bash", args);

    private static (int ExitCode, string Stdout, string Stderr) Run(string program, string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
