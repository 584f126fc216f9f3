using System.Text;
using SPFusion.ML.Survey;
using SPFusion.ML.Survey.Output;
using SPFusion.Tests.Support;
using Xunit;

namespace SPFusion.Tests.Survey.Output;

/// <summary>
/// The resumable run journal: a run interrupted at any point (object dropped without Finish, torn journal line, part
/// without a journal line) and resumed gives the same output as an uninterrupted run; damaged or foreign state is refused
/// naming what is wrong; the finished output is checked line by line against the catalogue lines expected.
/// </summary>
public sealed class SurveyRunJournalTests : IDisposable
{
    private const int Chunks = 10;
    private readonly TempFolder _temp = new("spfusion-survey-journal");
    private readonly List<SurveyEstimate> _rows = SurveyEstimateSamples.Many(500);

    public SurveyRunJournalTests()
    {
        File.WriteAllText(_temp.File("catalog.csv"), "obsid,ra,dec\n1,2,3\n");
        File.WriteAllBytes(_temp.File("model.zip"), [1, 2, 3, 4]);
        File.WriteAllBytes(_temp.File("other.zip"), [1, 2, 3, 5]);
    }

    public void Dispose() => _temp.Dispose();

    private SurveyRunFingerprint Fingerprint(string model = "model.zip", string onError = "record", int? shard = null) =>
        SurveyRunFingerprint.Of(_temp.File("catalog.csv"), _temp.File(model), null, new Dictionary<string, string> { ["on-error"] = onError }, shard, shard is null ? null : 4);

    /// <summary>The pipeline's deterministic chunks: grouped by a stand-in for the SDSS frame, not in catalogue order.</summary>
    private List<SurveyEstimate> Chunk(int id) => _rows.Where(r => (r.Line * 7) % Chunks == id).ToList();

    private IEnumerable<int> ExpectedLines => _rows.Select(r => r.Line);

    private byte[] Uninterrupted(string name)
    {
        string output = _temp.File("whole-" + name);
        using (var journal = SurveyRunJournal.Open(output, Fingerprint(), resume: false))
        {
            for (int c = 0; c < Chunks; c++) journal.Commit(c, Chunk(c));
            journal.Finish(ExpectedLines, SurveyEstimateSamples.Created);
        }
        return File.ReadAllBytes(output);
    }

    [Theory]
    [InlineData("estimates.csv")]
    [InlineData("estimates.fits")]
    [InlineData("estimates.parquet")]
    public void AnInterruptedRunResumedGivesTheSameFileAsAnUninterruptedOne(string name)
    {
        byte[] expected = Uninterrupted(name);
        string output = _temp.File(name);
        string folder = SurveyRunJournal.WorkFolderFor(output);

        // First attempt: five chunks committed, then the process "dies" (the journal is dropped without Finish).
        using (var journal = SurveyRunJournal.Open(output, Fingerprint(), resume: false))
        {
            foreach (int c in new[] { 3, 0, 4, 1, 2 }) journal.Commit(c, Chunk(c));
        }
        // Killed mid-append: a torn journal line; killed between rename and append: a part nobody journaled;
        // killed mid-write: a temporary file.
        File.AppendAllText(Path.Combine(folder, SurveyRunJournal.JournalFileName), "{\"chunk\":5,\"part\":\"part-000005.csv\",\"ro");
        File.WriteAllText(Path.Combine(folder, "part-000006.csv"), "garbage that must not be trusted");
        File.WriteAllText(Path.Combine(folder, ".part-000007.1234-abc.partial.csv"), "half a part");
        // Killed while finishing: the output's temporary file (exact name pattern); another output's must stay.
        string ext = Path.GetExtension(name);
        string killedWrite = _temp.File($".estimates.4321-{new string('0', 32)}.partial{ext}");
        string otherOutputs = _temp.File($".estimates.v2.4321-{new string('0', 32)}.partial{ext}");
        File.WriteAllText(killedWrite, "half an output");
        File.WriteAllText(otherOutputs, "another run's");

        // Second attempt: dies again after one more chunk.
        using (var journal = SurveyRunJournal.Open(output, Fingerprint(), resume: true))
        {
            Assert.Equal([0, 1, 2, 3, 4], journal.CommittedChunks.Keys.Order());
            Assert.Equal(Enumerable.Range(0, 5).Sum(c => Chunk(c).Count), journal.CommittedRows);
            Assert.False(File.Exists(Path.Combine(folder, "part-000006.csv")), "an unjournaled part is discarded");
            Assert.False(File.Exists(Path.Combine(folder, ".part-000007.1234-abc.partial.csv")), "a temporary part is discarded");
            Assert.False(File.Exists(killedWrite), "a killed finish's temporary output is discarded");
            Assert.True(File.Exists(otherOutputs), "another output's temporary file is left alone");
            journal.Commit(6, Chunk(6));
        }

        // Third attempt finishes.
        using (var journal = SurveyRunJournal.Open(output, Fingerprint(), resume: true))
        {
            Assert.Equal([0, 1, 2, 3, 4, 6], journal.CommittedChunks.Keys.Order());
            for (int c = 0; c < Chunks; c++)
            {
                if (!journal.IsCommitted(c)) journal.Commit(c, Chunk(c));
            }
            var manifest = journal.Finish(ExpectedLines, SurveyEstimateSamples.Created);
            Assert.Equal(_rows.Count, manifest.Rows);
        }

        Assert.Equal(expected, File.ReadAllBytes(output));
        Assert.Equal(_rows, SurveyTable.Read(output).ToList());
        Assert.False(Directory.Exists(folder), "the work folder is deleted once the output is finished");
    }

    [Fact]
    public void TheManifestDescribesTheFinishedOutputAndAResumeFindsItFinished()
    {
        string output = _temp.File("estimates.csv");
        using (var journal = SurveyRunJournal.Open(output, Fingerprint(shard: 1), resume: false))
        {
            for (int c = 0; c < Chunks; c++) journal.Commit(c, Chunk(c));
            journal.Finish(_rows.Count, SurveyEstimateSamples.Created);
        }

        var manifest = SurveyOutputManifest.Read(SurveyOutputManifest.PathFor(output));
        Assert.Equal("estimates.csv", manifest.Output);
        Assert.Equal("csv", manifest.Format);
        Assert.Equal(500, manifest.Rows);
        Assert.Equal(2, manifest.FirstLine);
        Assert.Equal(501, manifest.LastLine);
        Assert.Equal(SurveyRunFingerprint.Sha256Of(output), manifest.Sha256);
        Assert.Equal(SurveyStatusText.All.Select(SurveyStatusText.Of), manifest.StatusCounts.Keys);
        foreach (var status in SurveyStatusText.All)
            Assert.Equal(_rows.Count(r => r.Status == status), manifest.StatusCounts[SurveyStatusText.Of(status)]);
        Assert.Equal("2026-12-06T07:30:00Z", manifest.Created);
        var fingerprint = manifest.RunFingerprint("manifest");
        Assert.Equal("1/4", fingerprint.Shard);
        Assert.Equal(Fingerprint().ModelSha256, fingerprint.ModelSha256);
        Assert.Empty(Fingerprint(shard: 2).Differences(fingerprint, "shard 1", "shard 2", ignoreShardIndex: true));

        using (var again = SurveyRunJournal.Open(output, Fingerprint(shard: 1), resume: true))
        {
            Assert.True(again.IsFinished);
            Assert.Throws<InvalidOperationException>(() => again.Commit(0, Chunk(0)));
        }
        Assert.False(Directory.Exists(SurveyRunJournal.WorkFolderFor(output)));

        // Without --resume the run starts over, and the old manifest no longer claims to describe the output.
        using (var fresh = SurveyRunJournal.Open(output, Fingerprint(shard: 1), resume: false))
        {
            Assert.False(fresh.IsFinished);
            Assert.False(File.Exists(SurveyOutputManifest.PathFor(output)));
        }
    }

    [Fact]
    public void ResumeWithNothingThereStartsTheRun()
    {
        string output = _temp.File("estimates.csv");
        using var journal = SurveyRunJournal.Open(output, Fingerprint(), resume: true);
        Assert.False(journal.IsFinished);
        Assert.Empty(journal.CommittedChunks);
        Assert.True(File.Exists(Path.Combine(journal.WorkFolder, SurveyRunJournal.RunFileName)));
    }

    [Fact]
    public void AnUnfinishedRunIsNotOverwrittenWithoutResume()
    {
        string output = _temp.File("estimates.csv");
        using (var journal = SurveyRunJournal.Open(output, Fingerprint(), resume: false)) journal.Commit(0, Chunk(0));

        var ex = Assert.Throws<IOException>(() => SurveyRunJournal.Open(output, Fingerprint(), resume: false));
        Assert.Contains(SurveyRunJournal.WorkFolderFor(output), ex.Message, StringComparison.Ordinal);
        Assert.Contains("--resume", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResumingWithAnotherModelOrOptionIsRefusedNamingWhatDiffers()
    {
        string output = _temp.File("estimates.csv");
        var original = Fingerprint();
        using (var journal = SurveyRunJournal.Open(output, original, resume: false)) journal.Commit(0, Chunk(0));

        var other = Fingerprint(model: "other.zip", onError: "fail");
        var ex = Assert.Throws<InvalidDataException>(() => SurveyRunJournal.Open(output, other, resume: true));
        Assert.Contains($"model sha256 differs: {original.ModelSha256} (unfinished run) vs {other.ModelSha256} (this run)", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"model path differs: {_temp.File("model.zip")} (unfinished run) vs {_temp.File("other.zip")} (this run)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("option 'on-error' differs: record (unfinished run) vs fail (this run)", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("catalogue path", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("catalogue sha256", ex.Message, StringComparison.Ordinal);

        // The refused resume left the unfinished run as it was.
        using var resumed = SurveyRunJournal.Open(output, original, resume: true);
        Assert.Equal([0], resumed.CommittedChunks.Keys);
    }

    [Fact]
    public void ADamagedPartIsRefusedNamingIt()
    {
        string output = _temp.File("estimates.csv");
        using (var journal = SurveyRunJournal.Open(output, Fingerprint(), resume: false))
        {
            journal.Commit(0, Chunk(0));
            journal.Commit(1, Chunk(1));
        }
        string part = Path.Combine(SurveyRunJournal.WorkFolderFor(output), "part-000001.csv");
        byte[] bytes = File.ReadAllBytes(part);
        bytes[^3] ^= 0x01;
        File.WriteAllBytes(part, bytes);

        var ex = Assert.Throws<InvalidDataException>(() => SurveyRunJournal.Open(output, Fingerprint(), resume: true));
        Assert.Contains(part, ex.Message, StringComparison.Ordinal);
        Assert.Contains("CRC-32", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ADamagedJournalLineBeforeTheLastIsRefusedNotSkipped()
    {
        string output = _temp.File("estimates.csv");
        using (var journal = SurveyRunJournal.Open(output, Fingerprint(), resume: false))
        {
            journal.Commit(0, Chunk(0));
            journal.Commit(1, Chunk(1));
        }
        string path = Path.Combine(SurveyRunJournal.WorkFolderFor(output), SurveyRunJournal.JournalFileName);
        string[] lines = File.ReadAllLines(path);
        File.WriteAllText(path, "{\"chunk\":0,\"part\n" + lines[1] + "\n");

        var ex = Assert.Throws<InvalidDataException>(() => SurveyRunJournal.Open(output, Fingerprint(), resume: true));
        Assert.Contains($"{path}, line 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingRepeatedAndUnexpectedLinesAreRefusedNamingThem()
    {
        string output = _temp.File("estimates.csv");
        SurveyEstimate Row(int line) => new(line, $"o{line}", 1f, 2f, SurveyStatus.Ok, SurveyEstimate.FusionModel, "");
        using var journal = SurveyRunJournal.Open(output, Fingerprint(), resume: false);
        journal.Commit(0, [Row(5), Row(2), Row(3)]);
        journal.Commit(1, [Row(3), Row(6), Row(40)]);

        var ex = Assert.Throws<InvalidDataException>(() => journal.Finish([2, 3, 4, 5, 6, 7]));
        Assert.Contains("catalogue lines 4, 7 missing", ex.Message, StringComparison.Ordinal);
        Assert.Contains("catalogue line 3 present more than once", ex.Message, StringComparison.Ordinal);
        Assert.Contains("catalogue line 40 not expected", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(output), "no output from parts that do not make the table");
        Assert.True(Directory.Exists(journal.WorkFolder), "the parts are kept for a look");

        var count = Assert.Throws<InvalidDataException>(() => journal.Finish(5));
        Assert.Contains("catalogue line 3 present more than once", count.Message, StringComparison.Ordinal);
        Assert.Contains("6 rows where 5 were expected", count.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AChunkIsCommittedOnceAndItsRowsOnceEach()
    {
        string output = _temp.File("estimates.csv");
        using var journal = SurveyRunJournal.Open(output, Fingerprint(), resume: false);
        journal.Commit(0, Chunk(0));
        Assert.Throws<InvalidOperationException>(() => journal.Commit(0, Chunk(0)));
        var row = Chunk(1)[0];
        var ex = Assert.Throws<ArgumentException>(() => journal.Commit(1, [row, row]));
        Assert.Contains($"catalogue line {row.Line} appears twice", ex.Message, StringComparison.Ordinal);
        Assert.False(journal.IsCommitted(1));
    }

    [Fact]
    public void MorePartsThanTheMergeFanInAreMergedInPasses()
    {
        string output = _temp.File("estimates.fits");
        int chunks = (SurveyTableMerger.FanIn * 2) + 5;
        using (var journal = SurveyRunJournal.Open(output, Fingerprint(), resume: false))
        {
            for (int c = 0; c < chunks; c++) journal.Commit(c, _rows.Where(r => r.Line % chunks == c).ToList());
            journal.Finish(ExpectedLines, SurveyEstimateSamples.Created);
        }
        Assert.Equal(_rows, SurveyTable.Read(output).ToList());
        Assert.False(Directory.Exists(SurveyRunJournal.WorkFolderFor(output)));
    }

    [Fact]
    public void ASecondProcessCannotRunIntoTheSameWorkFolder()
    {
        string output = _temp.File("estimates.csv");
        using var first = SurveyRunJournal.Open(output, Fingerprint(), resume: false);
        var ex = Assert.Throws<IOException>(() => SurveyRunJournal.Open(output, Fingerprint(), resume: true));
        Assert.Contains("locked by another process", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheJournalIsOneJsonLinePerCommittedPart()
    {
        string output = _temp.File("estimates.csv");
        using (var journal = SurveyRunJournal.Open(output, Fingerprint(), resume: false))
        {
            journal.Commit(7, Chunk(7));
        }
        string folder = SurveyRunJournal.WorkFolderFor(output);
        string text = File.ReadAllText(Path.Combine(folder, SurveyRunJournal.JournalFileName), Encoding.UTF8);
        byte[] part = File.ReadAllBytes(Path.Combine(folder, "part-000007.csv"));
        string crc = System.IO.Hashing.Crc32.HashToUInt32(part).ToString("x8");
        Assert.Matches($"^\\{{\"chunk\":7,\"part\":\"part-000007.csv\",\"rows\":{Chunk(7).Count},\"bytes\":{part.Length},\"crc32\":\"{crc}\",[^\\n]*\\}}\\n$", text);
        Assert.Equal(Chunk(7).OrderBy(r => r.Line), SurveyTable.Read(Path.Combine(folder, "part-000007.csv")));
    }
}
