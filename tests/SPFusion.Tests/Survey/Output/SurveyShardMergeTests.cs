using SPFusion.ML.Survey;
using SPFusion.ML.Survey.Output;
using SPFusion.Tests.Support;
using Xunit;

namespace SPFusion.Tests.Survey.Output;

/// <summary>
/// Merging finished shard outputs (issue 15's <c>spfusion merge</c>): the merged CSV equals a single-process run's byte
/// for byte; missing or repeated shards, shards of another run and changed shard files are refused, naming them.
/// </summary>
public sealed class SurveyShardMergeTests : IDisposable
{
    private const int Shards = 3;
    private readonly TempFolder _temp = new("spfusion-survey-merge");
    private readonly List<SurveyEstimate> _rows = SurveyEstimateSamples.Many(300);

    public SurveyShardMergeTests()
    {
        File.WriteAllText(_temp.File("catalog.csv"), "obsid,ra,dec\n");
        File.WriteAllBytes(_temp.File("model.zip"), [9, 9]);
        File.WriteAllBytes(_temp.File("other.zip"), [9, 8]);
    }

    public void Dispose() => _temp.Dispose();

    private SurveyRunFingerprint Fingerprint(int? shard, string model = "model.zip") =>
        SurveyRunFingerprint.Of(_temp.File("catalog.csv"), _temp.File(model), null, new Dictionary<string, string>(), shard, shard is null ? null : Shards);

    private static bool InShard(SurveyEstimate r, int k) => (r.Line / 10) % Shards == k;

    /// <summary>A finished run over the rows (all, or shard K's), committed in chunks of 25 rows.</summary>
    private string Run(string name, int? shard, string model = "model.zip")
    {
        string output = _temp.File(name);
        var rows = _rows.Where(r => shard is not { } k || InShard(r, k)).ToList();
        using var journal = SurveyRunJournal.Open(output, Fingerprint(shard, model), resume: false);
        for (int c = 0; c * 25 < rows.Count; c++) journal.Commit(c, rows.Skip(c * 25).Take(25).ToList());
        journal.Finish(rows.Select(r => r.Line), SurveyEstimateSamples.Created);
        return output;
    }

    [Fact]
    public void MergedShardsEqualASingleProcessRunByteForByte()
    {
        string single = Run("single.csv", null);
        var shards = new[] { Run("s2.csv", 2), Run("s0.parquet", 0), Run("s1.fits", 1) };

        string merged = _temp.File("merged.csv");
        var manifest = SurveyShardMerge.Merge(merged, shards, _rows.Select(r => r.Line), SurveyEstimateSamples.Created);

        Assert.Equal(File.ReadAllBytes(single), File.ReadAllBytes(merged));
        Assert.Equal(_rows.Count, manifest.Rows);
        Assert.Null(manifest.RunFingerprint("merged").Shard);
        var singleManifest = SurveyOutputManifest.Read(SurveyOutputManifest.PathFor(single));
        Assert.Equal(singleManifest.StatusCounts, manifest.StatusCounts);
        Assert.Equal(singleManifest.Sha256, manifest.Sha256);

        string fits = _temp.File("merged.fits");
        SurveyShardMerge.Merge(fits, shards, null, SurveyEstimateSamples.Created);
        Assert.Equal(_rows, SurveyTable.Read(fits).ToList());
    }

    [Fact]
    public void AMissingOrRepeatedShardIsRefusedNamingIt()
    {
        string s0 = Run("s0.csv", 0), s2 = Run("s2.csv", 2);
        string s0Copy = _temp.File("s0-copy.csv");
        File.Copy(s0, s0Copy);
        File.Copy(SurveyOutputManifest.PathFor(s0), SurveyOutputManifest.PathFor(s0Copy));

        var ex = Assert.Throws<InvalidDataException>(() => SurveyShardMerge.Merge(_temp.File("m.csv"), [s0, s2, s0Copy]));
        Assert.Contains("shard 1/3 missing", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"shard 0/3 is given 2 times ({s0}, {s0Copy})", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(_temp.File("m.csv")));
    }

    [Fact]
    public void ShardsOfAnotherRunAreRefusedNamingWhatDiffers()
    {
        string s0 = Run("s0.csv", 0), s1 = Run("s1.csv", 1, model: "other.zip"), s2 = Run("s2.csv", 2);
        var ex = Assert.Throws<InvalidDataException>(() => SurveyShardMerge.Merge(_temp.File("m.csv"), [s0, s1, s2]));
        Assert.Contains("different runs", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"model sha256 differs: {Fingerprint(0).ModelSha256} ({s0}) vs {Fingerprint(1, "other.zip").ModelSha256} ({s1})", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AShardChangedAfterItsRunFinishedOrWithoutManifestIsRefused()
    {
        string s0 = Run("s0.csv", 0), s1 = Run("s1.csv", 1), s2 = Run("s2.csv", 2);
        File.AppendAllText(s1, "x");
        var changed = Assert.Throws<InvalidDataException>(() => SurveyShardMerge.Merge(_temp.File("m.csv"), [s0, s1, s2]));
        Assert.Contains($"{s1}: its SHA-256 is not the one its manifest records", changed.Message, StringComparison.Ordinal);

        File.Delete(SurveyOutputManifest.PathFor(s2));
        var bare = Assert.Throws<InvalidDataException>(() => SurveyShardMerge.Merge(_temp.File("m.csv"), [s0, s2]));
        Assert.Contains($"{s2}: no manifest", bare.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LinesTheCatalogueHasButNoShardCoveredAreNamed()
    {
        var shards = Enumerable.Range(0, Shards).Select(k => Run($"s{k}.csv", k)).ToArray();
        var ex = Assert.Throws<InvalidDataException>(() => SurveyShardMerge.Merge(_temp.File("m.csv"), shards, _rows.Select(r => r.Line).Append(5000)));
        Assert.Contains("catalogue line 5000 missing", ex.Message, StringComparison.Ordinal);
    }
}
