using System.Text.Json;
using SPFusion.Tests.Cli;
using SPFusion.Tests.Support;
using SPFusion.Transforms.Datasets;

namespace SPFusion.Tests.Reliability;

/// <summary>
/// A star without a mass or age is handled by one rule in train, cv and evaluate: refused before any work, naming the
/// label file, the star and the CLI flag (--skip-invalid) that leaves such stars out and lists them.
/// </summary>
public sealed class MissingLabelTests : IDisposable
{
    private readonly TempFolder _temp = new("spfusion-missing-label");
    private readonly string _data;

    public MissingLabelTests()
    {
        _data = TinyDataset.Write(_temp.File("data"), count: 4);
        var labels = LabelCsv.Read(AuthorsDatasetLayout.LabelPath(_data));
        labels[2] = labels[2] with { Mass = double.NaN };
        LabelCsv.Write(AuthorsDatasetLayout.LabelPath(_data), labels);
    }

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("evaluate")]
    [InlineData("train")]
    [InlineData("cv")]
    public void WithoutTheFlagTheDatasetIsRefusedNamingTheStarAndTheFlag(string verb)
    {
        string[] args = verb == "evaluate"
            ? ["evaluate", "--model", TestPaths.PublishedOnnx, "--data", _data]
            : [verb, "--data", _data, "--out", _temp.File(verb == "cv" ? "cv.json" : "m.zip"), "--epochs", "1"];
        var (code, stdout, stderr) = CliHarness.Run(args);
        Assert.Equal(2, code);
        string line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"{AuthorsDatasetLayout.LabelPath(_data)}: 1 star(s) lack a mass or age (first: obsid 3, mass_Msun missing); {verb} needs", line, StringComparison.Ordinal);
        Assert.Contains("pass --skip-invalid", line, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidRows", line, StringComparison.Ordinal);
        Assert.DoesNotContain("epoch", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void EvaluateWithTheFlagLeavesTheStarOutAndListsIt()
    {
        string report = _temp.File("report.json");
        var (code, stdout, stderr) = CliHarness.Run("evaluate", "--model", TestPaths.PublishedOnnx, "--data", _data, "--out", report, "--skip-invalid");
        Assert.True(code == 0, stderr);
        Assert.Contains("skipped obsid 3: mass or age missing", stdout, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(File.ReadAllText(report));
        Assert.Equal(3, json.RootElement.GetProperty("metrics").GetProperty("mass").GetProperty("count").GetInt32());
    }
}
