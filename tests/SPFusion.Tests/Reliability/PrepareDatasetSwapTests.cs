using SPFusion.Synthetic;
using SPFusion.Tests.Cli;
using SPFusion.Tests.Support;
using SPFusion.Transforms.Datasets;

namespace SPFusion.Tests.Reliability;

/// <summary>
/// prepare's dataset appears complete or not at all, and prepare never deletes what it did not write: a failed run
/// leaves the earlier dataset whole, and a folder holding a user's file is refused before any star is prepared.
/// </summary>
public sealed class PrepareDatasetSwapTests : IDisposable
{
    private readonly TempFolder _work = new("spfusion-swap");
    private readonly SyntheticSurveySummary _survey;

    public PrepareDatasetSwapTests() =>
        _survey = SyntheticSurvey.Generate(new SyntheticSurveyOptions
        {
            OutputDirectory = _work.File("survey"),
            StarCount = 8,
            Seed = 3,
            StarsPerField = 8,
            EdgeFraction = 0,
        });

    public void Dispose() => _work.Dispose();

    private static Dictionary<string, byte[]> Snapshot(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f), File.ReadAllBytes);

    private (int Code, string Stdout, string Stderr) Prepare(string data, params string[] more) =>
        CliHarness.Run(["prepare", "--catalog", _survey.CatalogPath, "--out", data, .. more]);

    [Fact]
    public void APrepareThatFailsPartWayLeavesTheEarlierDatasetWhole()
    {
        string data = _work.File("dataset");
        var (code, _, stderr) = Prepare(data, "--folds", "2");
        Assert.True(code == 0, stderr);
        var before = Snapshot(data);
        Assert.Contains(Path.Combine("label", "label.csv"), before.Keys);

        // The sixth star's spectrum becomes unreadable: the run stops after five stars were written.
        string spectrum = Path.Combine(_survey.OutputDirectory, _survey.Stars[5].SpectrumPath);
        File.WriteAllBytes(spectrum, File.ReadAllBytes(spectrum)[..1000]);
        (code, _, stderr) = Prepare(data, "--folds", "3");

        Assert.Equal(2, code);
        Assert.Contains(Path.GetFileName(spectrum), stderr, StringComparison.Ordinal);
        var after = Snapshot(data);
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        Assert.All(before, f => Assert.Equal(f.Value, after[f.Key]));
        Assert.Equal(["dataset", "survey"], Directory.GetFileSystemEntries(_work.Path).Select(Path.GetFileName).Order()); // no staging folder left
    }

    [Fact]
    public void AFolderHoldingFilesPrepareDidNotWriteIsRefusedAndKept()
    {
        string data = _work.File("dataset");
        var (code, _, stderr) = Prepare(data, "--folds", "3");
        Assert.True(code == 0, stderr);

        string notes = Path.Combine(data, "fold1", "notes.txt");
        File.WriteAllText(notes, "mine");
        (code, _, stderr) = Prepare(data, "--folds", "2");
        Assert.Equal(2, code);
        Assert.Contains("fold1/notes.txt, which prepare did not write", Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
        Assert.Equal("mine", File.ReadAllText(notes));
        Assert.True(Directory.Exists(Path.Combine(data, "fold3")));

        File.Delete(notes);
        Directory.CreateDirectory(Path.Combine(data, "fold7"));
        (code, _, stderr) = Prepare(data, "--folds", "2");
        Assert.Equal(2, code);
        Assert.Contains("fold7", stderr, StringComparison.Ordinal);
        Assert.True(Directory.Exists(Path.Combine(data, "fold7")));

        // Only prepare's own files left: replaced, its folds with it.
        Directory.Delete(Path.Combine(data, "fold7"));
        (code, var stdout, stderr) = Prepare(data, "--folds", "2");
        Assert.True(code == 0, stderr);
        Assert.Contains("removed 3 fold folders of an earlier run", stdout, StringComparison.Ordinal);
        Assert.Equal(["fold1", "fold2"], Directory.GetDirectories(data, "fold*").Select(Path.GetFileName).Order());
        Assert.Equal(8, LabelCsv.Read(AuthorsDatasetLayout.LabelPath(data)).Count);
    }

    [Fact]
    public void AFolderPrepareNeverWroteIsRefusedEvenWhenItHoldsTheCatalogue()
    {
        var (code, _, stderr) = Prepare(_survey.OutputDirectory);
        Assert.Equal(2, code);
        Assert.Contains("holds files prepare did not write", stderr, StringComparison.Ordinal);
        Assert.True(File.Exists(_survey.CatalogPath));
    }
}
