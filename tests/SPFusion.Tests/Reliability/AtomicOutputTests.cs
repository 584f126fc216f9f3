using SPFusion.Tests.Cli;
using SPFusion.Tests.Support;
using SPFusion.Transforms.Datasets;

namespace SPFusion.Tests.Reliability;

/// <summary>Outputs appear whole or not at all: a failed or killed command leaves the previous file untouched.</summary>
public sealed class AtomicOutputTests
{
    private const string OldPredictions = "obsid,mass,age\n1,0.5,0.5\n";

    [Fact]
    public void AFailedWriterLeavesTheOldFileAndNoTemporaryFile()
    {
        using var temp = new TempFolder("spfusion-atomic");
        string target = temp.File("out.csv");
        File.WriteAllText(target, "old");
        Assert.Throws<InvalidDataException>(() => AtomicFile.WriteText(target, w =>
        {
            w.Write(new string('x', 100_000));
            throw new InvalidDataException("reader failed");
        }));
        Assert.Equal("old", File.ReadAllText(target));
        Assert.Equal([target], Directory.GetFiles(temp.Path));

        AtomicFile.WriteText(target, w => w.Write("new"));
        Assert.Equal("new", File.ReadAllText(target));
        Assert.Equal([target], Directory.GetFiles(temp.Path));
    }

    [Fact]
    public void APredictionThatFailsPartWayLeavesTheEarlierOutputByteIdentical()
    {
        using var temp = new TempFolder("spfusion-atomic");
        string data = TinyDataset.Write(temp.File("data"), count: 5);
        string spectrum = AuthorsDatasetLayout.SpectrumPath(data, "4");
        byte[] whole = File.ReadAllBytes(spectrum);
        File.WriteAllBytes(spectrum, whole[..(whole.Length / 2)]); // a truncated copy
        string output = temp.File("predictions.csv");
        File.WriteAllText(output, OldPredictions);
        byte[] before = File.ReadAllBytes(output);

        var (code, _, stderr) = CliHarness.Run("predict", "--model", TestPaths.PublishedOnnx, "--data", data, "--out", output);

        Assert.Equal(2, code);
        // The reader's own message (file and reason) reaches the user, not ML.NET's splitter/consolidator wrapper.
        string line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(spectrum, line, StringComparison.Ordinal);
        Assert.DoesNotContain("Splitter/consolidator", line, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(output));
        Assert.Equal([output], Directory.GetFiles(temp.Path));

        // evaluate reads through the same cursors: the same file and reason, exit code 2, and its report is kept too.
        string report = temp.File("report.json");
        File.WriteAllText(report, "{}");
        (code, _, stderr) = CliHarness.Run("evaluate", "--model", TestPaths.PublishedOnnx, "--data", data, "--out", report);
        Assert.Equal(2, code);
        line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(spectrum, line, StringComparison.Ordinal);
        Assert.Equal("{}", File.ReadAllText(report));
    }

    [Fact]
    public async Task TwoPredictionsWritingOnePathEndWithOneCompleteFile()
    {
        using var temp = new TempFolder("spfusion-atomic");
        string data = TinyDataset.Write(temp.File("data"), count: 12);
        string output = temp.File("predictions.csv");
        string[] args = ["predict", "--model", TestPaths.PublishedOnnx, "--data", data, "--out", output];
        using var first = CliProcess.Start(args);
        using var second = CliProcess.Start(args);
        var errors = new[] { first.StandardError.ReadToEndAsync(), second.StandardError.ReadToEndAsync() };
        await first.WaitForExitAsync();
        await second.WaitForExitAsync();
        Assert.True(first.ExitCode == 0, await errors[0]);
        Assert.True(second.ExitCode == 0, await errors[1]);
        var lines = File.ReadAllLines(output);
        Assert.Equal(13, lines.Length);
        Assert.Equal("obsid,mass,age", lines[0]);
        Assert.Equal(Enumerable.Range(1, 12).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), lines.Skip(1).Select(l => l.Split(',')[0]));
        Assert.Equal([output], Directory.GetFiles(temp.Path));
    }

    /// <summary>
    /// Property: whenever the writer is killed (SIGKILL, no clean-up), the target is the old complete file or the new
    /// complete one. Kill times are spread over a whole run, whose scoring phase streams the CSV.
    /// </summary>
    [Fact]
    public void APredictionKilledAtAnyPointLeavesTheOldOrTheNewCompleteFile()
    {
        using var temp = new TempFolder("spfusion-atomic");
        string data = TinyDataset.Write(temp.File("data"), count: 40);
        string output = temp.File("predictions.csv");
        string[] args = ["predict", "--model", TestPaths.PublishedOnnx, "--data", data, "--out", output];

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (code, _, stderr) = CliProcess.Run(args);
        Assert.True(code == 0, stderr);
        var runTime = clock.Elapsed;
        string complete = File.ReadAllText(output);
        Assert.Equal(41, complete.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        var rng = new Random(17);
        for (int trial = 0; trial < 4; trial++)
        {
            File.WriteAllText(output, OldPredictions);
            using var process = CliProcess.Start(args);
            Thread.Sleep(TimeSpan.FromMilliseconds(rng.NextDouble() * runTime.TotalMilliseconds * 1.1));
            if (!process.HasExited) process.Kill(); // SIGKILL on Unix
            process.WaitForExit();
            string seen = File.ReadAllText(output);
            Assert.True(seen == OldPredictions || seen == complete, $"trial {trial}: the target holds neither the old nor the new file ({seen.Length} characters)");
        }
        // Leftovers of killed writers are hidden partial files, never the target itself.
        Assert.All(Directory.GetFiles(temp.Path).Where(f => f != output), f => Assert.Contains(".partial", Path.GetFileName(f), StringComparison.Ordinal));
    }
}
