using System.Globalization;
using SPFusion.Tests.Support;
using SPFusion.Transforms.Datasets;

namespace SPFusion.Tests.Cli;

/// <summary>
/// A star's identifier is text: APOGEE-style ids go through <c>prepare</c> and <c>predict</c> as they are, and an id that
/// cannot name a file is refused with exit code 2 and one line naming the file, row and column.
/// </summary>
public class StarIdCommandTests
{
    private static readonly string[] ApogeeIds = ["2M00000002+7417074", "2M23595980+1528407", "2M04123345-2355138"];

    [Fact]
    public void ApogeeStyleIdsGoThroughPrepareAndPredict()
    {
        using var temp = new TempFolder("spfusion-ids");
        string catalog = RewriteIds(temp.Path, ApogeeIds);
        string data = temp.File("dataset");

        var (code, stdout, stderr) = CliHarness.Run("prepare", "--catalog", catalog, "--out", data, "--folds", "3");
        Assert.True(code == 0, stderr);
        Assert.Contains($"prepared {ApogeeIds.Length} of {ApogeeIds.Length} stars", stdout);
        Assert.Equal(ApogeeIds, LabelCsv.Read(AuthorsDatasetLayout.LabelPath(data)).Select(l => l.ObsId));
        foreach (string id in ApogeeIds)
        {
            Assert.True(File.Exists(Path.Combine(data, "spectrum", id + ".npy")), id);
            Assert.True(File.Exists(Path.Combine(data, "photometric", id + ".npy")), id);
        }

        var tested = Enumerable.Range(1, 3).SelectMany(k => LabelCsv.Read(AuthorsDatasetLayout.LabelPath(Path.Combine(data, $"fold{k}", "test")))).Select(l => l.ObsId);
        Assert.Equal(ApogeeIds.Order(StringComparer.Ordinal), tested.Order(StringComparer.Ordinal));

        string predictions = temp.File("predictions.csv");
        (code, _, stderr) = CliHarness.Run("predict", "--model", "published", "--data", data, "--out", predictions);
        Assert.True(code == 0, stderr);
        var lines = File.ReadAllLines(predictions);
        Assert.Equal("obsid,mass,age", lines[0]);
        Assert.Equal(ApogeeIds, lines.Skip(1).Select(l => l.Split(',')[0]));
        Assert.All(lines.Skip(1), l => Assert.True(double.IsFinite(double.Parse(l.Split(',')[1], CultureInfo.InvariantCulture)), l));
    }

    [Theory]
    [InlineData("../x", "'..'")]
    [InlineData("a/b", "path separator '/'")]
    [InlineData("a\\b", "path separator '\\'")]
    public void AnIdThatCannotNameAFileIsRefusedNamingTheRow(string badId, string reason)
    {
        using var temp = new TempFolder("spfusion-ids");
        string catalog = RewriteIds(temp.Path, ["101", badId, "103"]);
        string data = temp.File("dataset");

        var (code, _, stderr) = CliHarness.Run("prepare", "--catalog", catalog, "--out", data);
        Assert.Equal(2, code);
        string line = stderr.TrimEnd('\n', '\r');
        Assert.DoesNotContain('\n', line);
        Assert.Contains($"{catalog}, line 3, column 'obsid'", line, StringComparison.Ordinal);
        Assert.Contains(reason, line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(data));
        Assert.False(File.Exists(Path.Combine(temp.Path, "x.npy")));
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "spectrum")));
    }

    [Fact]
    public void AnUnsafeIdInLabelCsvIsRefusedBeforePredicting()
    {
        using var temp = new TempFolder("spfusion-ids");
        string data = temp.File("dataset");
        TinyDataset.Write(data, 2);
        string labels = AuthorsDatasetLayout.LabelPath(data);
        var rows = File.ReadAllLines(labels);
        rows[2] = "../../etc/passwd" + rows[2][rows[2].IndexOf(',', StringComparison.Ordinal)..];
        File.WriteAllLines(labels, rows);

        string predictions = temp.File("p.csv");
        var (code, _, stderr) = CliHarness.Run("predict", "--model", "published", "--data", data, "--out", predictions);
        Assert.Equal(2, code);
        string line = stderr.TrimEnd('\n', '\r');
        Assert.DoesNotContain('\n', line);
        Assert.Contains($"{labels}: line 3: column 'obsid'", line, StringComparison.Ordinal);
        Assert.Contains("'..'", line, StringComparison.Ordinal);
        Assert.False(File.Exists(predictions));
    }

    /// <summary>The real-file catalogue of <see cref="RealSurveyCatalog"/> with its obsid column replaced.</summary>
    private static string RewriteIds(string directory, IReadOnlyList<string> ids)
    {
        var catalog = RealSurveyCatalog.Write(directory, count: ids.Count);
        var lines = File.ReadAllLines(catalog.Path);
        for (int k = 0; k < ids.Count; k++)
            lines[k + 1] = ids[k] + lines[k + 1][lines[k + 1].IndexOf(',', StringComparison.Ordinal)..];
        File.WriteAllLines(catalog.Path, lines);
        return catalog.Path;
    }
}
