using SPFusion.ML.Survey.Output;
using SPFusion.Tests.Support;
using SPFusion.Tests.Survey;
using SPFusion.Tests.Survey.Output;

namespace SPFusion.Tests.Cli;

/// <summary>
/// <c>spfusion merge</c> (issue 15): shard outputs of <c>predict --catalog --shard K/N</c> into one table that equals a
/// single-process run byte for byte; missing shards are named with their catalogue lines; shards of another catalogue
/// or model are refused naming what differs.
/// </summary>
[Collection(PlantedSurveyCollection.Name)]
public sealed class MergeCommandTests(PlantedSurveyFixture survey)
{
    private string[] Predict(string output, params string[] more) =>
        ["predict", "--catalog", survey.CatalogPath, "--model", TestPaths.PublishedOnnx, "--fallback-model", survey.FallbackPath, "--out", output, "--threads", "1", .. more];

    [Fact]
    public void MergedShardsEqualASingleProcessRunAndAMissingShardIsNamedWithItsLines()
    {
        using var temp = new TempFolder("spfusion-merge-cli");
        var (code, _, stderr) = CliHarness.Run(Predict(temp.File("single.csv")));
        Assert.True(code == 0, stderr);
        var shards = new List<string>();
        for (int k = 0; k < 3; k++)
        {
            string shard = temp.File($"shard-{k}.csv");
            var run = CliHarness.Run(Predict(shard, "--shard", $"{k}/3"));
            Assert.True(run.ExitCode == 0, run.Stderr);
            shards.Add(shard);
        }

        // Given in any order, with or without the catalogue check.
        var merged = CliHarness.Run(["merge", "--catalog", survey.CatalogPath, "--out", temp.File("merged.csv"), shards[2], shards[0], shards[1]]);
        Assert.True(merged.ExitCode == 0, merged.Stderr);
        Assert.Equal(File.ReadAllBytes(temp.File("single.csv")), File.ReadAllBytes(temp.File("merged.csv")));
        Assert.True(File.Exists(temp.File("merged.csv.manifest.json")));
        Assert.Equal(0, CliHarness.Run(["merge", "--out", temp.File("plain.csv"), .. shards]).ExitCode);
        Assert.Equal(File.ReadAllBytes(temp.File("single.csv")), File.ReadAllBytes(temp.File("plain.csv")));
        Assert.Equal(0, CliHarness.Run(["merge", "--catalog", survey.CatalogPath, "--out", temp.File("merged.parquet"), .. shards]).ExitCode);
        Assert.Equal(SurveyTable.Read(temp.File("single.csv")), SurveyTable.Read(temp.File("merged.parquet")));

        // Shard 1 lost: named with the catalogue lines it holds (the ones the full output has and the two others lack).
        var shard1Lines = SurveyTable.Read(shards[1]).Select(r => r.Line).ToList();
        Assert.NotEmpty(shard1Lines);
        var missing = CliHarness.Run(["merge", "--catalog", survey.CatalogPath, "--out", temp.File("partial.csv"), shards[0], shards[2]]);
        Assert.Equal(2, missing.ExitCode);
        string line = Assert.Single(missing.Stderr.Trim().Split('\n'));
        Assert.Contains("shard 1/3 has no output", line);
        Assert.Contains($"{shard1Lines.Count} catalogue row", line);
        Assert.Contains($"line{(shard1Lines.Count == 1 ? "" : "s")} {string.Join(", ", shard1Lines.Take(3))}", line);
        Assert.False(File.Exists(temp.File("partial.csv")));

        // Without the catalogue the merge still names the missing shard.
        var noCatalog = CliHarness.Run(["merge", "--out", temp.File("partial.csv"), shards[0], shards[2]]);
        Assert.Equal(2, noCatalog.ExitCode);
        Assert.Contains("shard 1/3 missing", noCatalog.Stderr);

        // The output may not be one of the inputs.
        var self = CliHarness.Run(["merge", "--out", shards[0], .. shards]);
        Assert.Equal(2, self.ExitCode);
        Assert.Contains("SHARD_OUTPUTS file this command reads", self.Stderr);
    }

    [Fact]
    public void EmptyShardsAreMergedLikeAnyOther()
    {
        // Eight shards of the planted survey: a field of 12 stars is one group, so some slices start no group.
        using var temp = new TempFolder("spfusion-merge-cli-empty");
        Assert.Equal(0, CliHarness.Run(Predict(temp.File("single.csv"))).ExitCode);
        var shards = new List<string>();
        var empty = new List<int>();
        for (int k = 0; k < 8; k++)
        {
            string shard = temp.File($"shard-{k}.csv");
            var run = CliHarness.Run(Predict(shard, "--shard", $"{k}/8"));
            Assert.True(run.ExitCode == 0, run.Stderr);
            if (!SurveyTable.Read(shard).Any()) empty.Add(k);
            shards.Add(shard);
        }
        Assert.NotEmpty(empty);
        var merged = CliHarness.Run(["merge", "--catalog", survey.CatalogPath, "--out", temp.File("merged.csv"), .. shards]);
        Assert.True(merged.ExitCode == 0, merged.Stderr);
        Assert.Equal(File.ReadAllBytes(temp.File("single.csv")), File.ReadAllBytes(temp.File("merged.csv")));

        var missing = CliHarness.Run(["merge", "--catalog", survey.CatalogPath, "--out", temp.File("partial.csv"), .. shards.Where((_, k) => k != empty[0])]);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains($"shard {empty[0]}/8 has no output (it holds no catalogue rows)", missing.Stderr);
    }

    /// <summary>A finished output of shard K/2 with the given catalogue and model, holding sample rows of its half.</summary>
    private static string ForgedShard(TempFolder temp, string name, int shard, string catalog, string model)
    {
        string output = temp.File(name);
        var rows = SurveyEstimateSamples.Many(20).Where(r => r.Line % 2 == shard).ToList();
        var fingerprint = SurveyRunFingerprint.Of(catalog, model, null, new Dictionary<string, string>(), shard, 2);
        using var journal = SurveyRunJournal.Open(output, fingerprint, resume: false);
        journal.Commit(0, rows);
        journal.Finish(rows.Select(r => r.Line), SurveyEstimateSamples.Created);
        return output;
    }

    [Fact]
    public void ShardsOfAnotherCatalogueOrModelAreRefusedNamingWhatDiffers()
    {
        using var temp = new TempFolder("spfusion-merge-cli-mismatch");
        string other = temp.File("other-catalog.csv");
        File.WriteAllText(other, File.ReadAllText(survey.CatalogPath) + "\n");
        string good = ForgedShard(temp, "s0.csv", 0, survey.CatalogPath, TestPaths.PublishedOnnx);

        string wrongCatalog = ForgedShard(temp, "s1-catalog.csv", 1, other, TestPaths.PublishedOnnx);
        var (code, _, stderr) = CliHarness.Run("merge", "--catalog", survey.CatalogPath, "--out", temp.File("m.csv"), good, wrongCatalog);
        Assert.Equal(2, code);
        Assert.Contains(Path.GetFullPath(wrongCatalog), stderr);
        Assert.Contains("another catalogue: catalogue sha256 differs", stderr);
        Assert.DoesNotContain(Path.GetFullPath(good) + " estimated", stderr);

        string wrongModel = ForgedShard(temp, "s1-model.csv", 1, survey.CatalogPath, survey.FallbackPath);
        (code, _, stderr) = CliHarness.Run("merge", "--catalog", survey.CatalogPath, "--out", temp.File("m.csv"), good, wrongModel);
        Assert.Equal(2, code);
        Assert.Contains("the shards come from different runs", stderr);
        Assert.Contains("model sha256 differs", stderr);
        Assert.Contains(Path.GetFullPath(wrongModel), stderr);
        Assert.False(File.Exists(temp.File("m.csv")));
    }
}
