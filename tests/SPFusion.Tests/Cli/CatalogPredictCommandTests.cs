using System.Globalization;
using SPFusion.ML.Survey;
using SPFusion.ML.Survey.Output;
using SPFusion.Tests.Support;
using SPFusion.Tests.Survey;

namespace SPFusion.Tests.Cli;

/// <summary><c>spfusion predict --catalog</c>: raw files to a status per row, in three formats, resumable after a kill.</summary>
[Collection(PlantedSurveyCollection.Name)]
public sealed class CatalogPredictCommandTests(PlantedSurveyFixture survey)
{
    [Fact]
    public void CsvFitsAndParquetHoldTheSameRowsInCatalogueOrder()
    {
        using var temp = new TempFolder("spfusion-catalog-predict");
        var tables = new Dictionary<string, List<SurveyEstimate>>();
        foreach (string ext in new[] { "csv", "fits", "parquet" })
        {
            string output = temp.File($"estimates.{ext}");
            var (code, stdout, stderr) = CliHarness.Run("predict", "--catalog", survey.CatalogPath, "--model", TestPaths.PublishedOnnx,
                "--fallback-model", survey.FallbackPath, "--out", output);
            Assert.True(code == 0, stderr);
            Assert.Contains($"ok {survey.OkObsIds.Count + 1}, ", stdout); // the survey's own and the short-block spectrum
            Assert.Contains("bad_row 1", stdout);
            tables[ext] = SurveyTable.Read(output).ToList();
            Assert.True(File.Exists(output + ".manifest.json"));
            Assert.False(Directory.Exists(output + ".parts"));
        }
        int dataRows = File.ReadAllLines(survey.CatalogPath).Length - 1;
        Assert.Equal(Enumerable.Range(2, dataRows), tables["csv"].Select(r => r.Line));
        Assert.Equal(tables["csv"], tables["fits"]);
        Assert.Equal(tables["csv"], tables["parquet"]);
        Assert.Contains(tables["csv"], r => r.Model == SurveyEstimate.FallbackModel && r.Status == SurveyStatus.SpectrumOnly);
    }

    [Fact]
    public void OkRowsEqualPrepareThenPredictData()
    {
        using var temp = new TempFolder("spfusion-catalog-vs-data");
        string data = temp.File("dataset");
        Assert.Equal(0, CliHarness.Run("prepare", "--catalog", survey.Summary.CatalogPath, "--out", data, "--on-error", "skip").ExitCode);
        Assert.Equal(0, CliHarness.Run("predict", "--data", data, "--model", TestPaths.PublishedOnnx, "--out", temp.File("data.csv")).ExitCode);
        var viaData = File.ReadAllLines(temp.File("data.csv")).Skip(1).Select(l => l.Split(','))
            .ToDictionary(f => f[0], f => (Mass: float.Parse(f[1], CultureInfo.InvariantCulture), Age: float.Parse(f[2], CultureInfo.InvariantCulture)));
        var (code, _, stderr) = CliHarness.Run("predict", "--catalog", survey.CatalogPath, "--model", TestPaths.PublishedOnnx, "--out", temp.File("survey.csv"));
        Assert.True(code == 0, stderr);
        var ok = SurveyTable.Read(temp.File("survey.csv")).Where(r => r.Status == SurveyStatus.Ok && r.ObsId != "p-short-block").ToList();
        Assert.Equal(viaData.Keys.Order(), ok.Select(r => r.ObsId).Order());
        foreach (var row in ok)
        {
            Assert.Equal(viaData[row.ObsId].Mass, row.Mass!.Value, 1e-5f);
            Assert.Equal(viaData[row.ObsId].Age, row.Age!.Value, 1e-5f);
        }
    }

    [Fact]
    public void OnErrorFailStopsAtTheFirstProblemRowNamingIt()
    {
        using var temp = new TempFolder("spfusion-catalog-fail");
        var (code, _, stderr) = CliHarness.Run("predict", "--catalog", survey.CatalogPath, "--model", TestPaths.PublishedOnnx, "--out", temp.File("x.csv"), "--on-error", "fail");
        Assert.Equal(2, code);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.False(File.Exists(temp.File("x.csv")));
    }

    [Fact]
    public void AKilledRunResumesToTheSameBytes()
    {
        using var temp = new TempFolder("spfusion-catalog-resume");
        string[] Args(string output) => ["predict", "--catalog", survey.CatalogPath, "--model", TestPaths.PublishedOnnx, "--out", output, "--chunk-size", "1", "--threads", "1"];
        var (code, _, stderr) = CliHarness.Run(Args(temp.File("whole.csv")));
        Assert.True(code == 0, stderr);

        string killed = temp.File("killed.csv");
        string parts = killed + ".parts";
        using (var process = CliProcess.Start(Args(killed)))
        {
            // Killed once a few chunks are committed, while the run is still going (the journal itself is locked by the run).
            while (!process.HasExited && (!Directory.Exists(parts) || Directory.GetFiles(parts, "part-*.csv").Length < 3)) Thread.Sleep(10);
            Assert.False(process.HasExited, "the run finished before it could be killed");
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        Assert.False(File.Exists(killed));
        var (again, _, _) = CliHarness.Run(Args(killed));
        Assert.Equal(2, again); // an unfinished run's folder is not overwritten without --resume
        var (resumed, stdout, stderr2) = CliHarness.Run([.. Args(killed), "--resume"]);
        Assert.True(resumed == 0, stderr2);
        Assert.Contains("rows resumed from the interrupted run", stdout);
        Assert.Equal(File.ReadAllBytes(temp.File("whole.csv")), File.ReadAllBytes(killed));
    }

    [Fact]
    public void AResumeWithAnotherModelIsRefusedNamingIt()
    {
        using var temp = new TempFolder("spfusion-catalog-mismatch");
        string output = temp.File("e.csv");
        var fingerprint = SurveyRunFingerprint.Of(survey.CatalogPath, survey.FallbackPath, null, new Dictionary<string, string>());
        using (SurveyRunJournal.Open(output, fingerprint, resume: true))
        {
        }
        var (code, _, stderr) = CliHarness.Run("predict", "--catalog", survey.CatalogPath, "--model", TestPaths.PublishedOnnx, "--out", output, "--resume");
        Assert.Equal(2, code);
        Assert.Contains("model sha256", stderr);
    }

    [Fact]
    public void ShardAutoReadsTheArrayIndexAndRefusesWithoutOne()
    {
        Assert.Equal(new SurveyShard(2, 4), ML.Survey.SurveyShard.Parse("2/4"));
        Assert.Equal(new SurveyShard(3, 4), SPFusion.Cli.CommandLine.ShardArgument.Parse("auto/4", v => v == "JOB_COMPLETION_INDEX" ? "3" : null));
        Assert.Equal(new SurveyShard(1, 4), SPFusion.Cli.CommandLine.ShardArgument.Parse("auto/4", v => v == "SLURM_ARRAY_TASK_ID" ? "1" : null));
        var ex = Assert.Throws<SPFusion.Cli.CommandLine.CliUsageException>(() => SPFusion.Cli.CommandLine.ShardArgument.Parse("auto/4", _ => null));
        Assert.Contains("SLURM_ARRAY_TASK_ID", ex.Message);
        Assert.Throws<SPFusion.Cli.CommandLine.CliUsageException>(() => SPFusion.Cli.CommandLine.ShardArgument.Parse("4/4"));
    }
}
