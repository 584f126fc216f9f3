using SPFusion.Tests.Cli;
using SPFusion.Tests.Support;
using SPFusion.Transforms.Datasets;

namespace SPFusion.Tests.Reliability;

/// <summary>
/// Refusals before any work, through the process boundary: exit code 2, one line on stderr naming the option as typed,
/// no usage dump, and the user's files untouched.
/// </summary>
public sealed class CliRefusalTests : IDisposable
{
    private readonly TempFolder _temp = new("spfusion-refusal");
    private readonly string _data;

    public CliRefusalTests() => _data = TinyDataset.Write(_temp.File("data"), count: 5);

    public void Dispose() => _temp.Dispose();

    private static string RefusedInOneLine(string[] args, string expected)
    {
        var (code, stdout, stderr) = CliProcess.Run(args);
        Assert.True(code == 2, $"exit {code}: {stderr}");
        string line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("epoch", stdout, StringComparison.Ordinal); // nothing trained
        return line;
    }

    [Fact]
    public void AnOutputThatIsAnInputIsRefusedAndTheInputKept()
    {
        string label = AuthorsDatasetLayout.LabelPath(_data);
        byte[] labels = File.ReadAllBytes(label);
        RefusedInOneLine(["predict", "--model", TestPaths.PublishedOnnx, "--data", _data, "--out", label], "--data");
        // Another spelling of the same file (through a link to the dataset) is the same input.
        string link = _temp.File("link");
        Directory.CreateSymbolicLink(link, _data);
        RefusedInOneLine(["predict", "--model", TestPaths.PublishedOnnx, "--data", _data, "--out", Path.Combine(link, "label", "label.csv")], "--data");
        Assert.Equal(labels, File.ReadAllBytes(label));

        string model = _temp.File("model.onnx");
        File.Copy(TestPaths.PublishedOnnx, model);
        RefusedInOneLine(["predict", "--model", model, "--data", _data, "--out", model], "is the --model file");
        RefusedInOneLine(["evaluate", "--model", model, "--data", _data, "--out", Path.Combine(_data, "report.json")], "--data");
        Assert.Equal(File.ReadAllBytes(TestPaths.PublishedOnnx), File.ReadAllBytes(model));
    }

    [Fact]
    public void OutputFoldersAndModelFilesAreCheckedBeforeTraining()
    {
        RefusedInOneLine(["train", "--data", _data, "--out", "/proc/x.zip", "--epochs", "1"], "--out /proc/x.zip: cannot write");
        RefusedInOneLine(["train", "--data", _data, "--out", _temp.File("missing/model.zip"), "--epochs", "1"], "does not exist");
        RefusedInOneLine(["predict", "--model", _temp.Path, "--data", _data, "--out", _temp.File("p.csv")], "--model " + _temp.Path + " is a folder");
        Assert.False(File.Exists(_temp.File("p.csv")));
    }

    [Theory]
    [InlineData("--epochs", "0", "--epochs must be at least 1 (got 0)")]
    [InlineData("--batch-size", "0", "--batch-size must be at least 1 (got 0)")]
    [InlineData("--lr", "-1", "--lr must be a finite number greater than 0 (got -1)")]
    [InlineData("--threads", "0", "--threads must be at least 1 (got 0)")]
    [InlineData("--threads", "999", "the number of cores; add --force-threads")]
    [InlineData("--seed", "-3", "--seed must be at least 0 (got -3)")]
    [InlineData("--mass-weight", "0", "--mass-weight must be a finite number greater than 0 (got 0)")]
    [InlineData("--age-weight", "-1", "--age-weight must be a finite number greater than 0 (got -1)")]
    public void TrainingOptionsOutOfRangeAreRefusedNamingTheOption(string option, string value, string expected)
    {
        string line = RefusedInOneLine(["train", "--data", _data, "--out", _temp.File("m.zip"), option, value], expected);
        Assert.DoesNotContain("MaxEpochs", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Actual value", line, StringComparison.Ordinal);
        Assert.False(File.Exists(_temp.File("m.zip")));
    }

    [Fact]
    public void MoreFoldsThanStarsIsRefusedBeforeTheFirstFold() =>
        RefusedInOneLine(["cv", "--data", _data, "--folds", "100", "--out", _temp.File("cv.json")], "--folds must be between 2 and the number of stars in --data (5) (got 100)");
}
