using System.Globalization;
using System.Text.Json;
using SPFusion.Tests.Support;
using SPFusion.Tests.Synthetic;
using SPFusion.Transforms.Catalogs;
using SPFusion.Transforms.Datasets;

namespace SPFusion.Tests.Cli;

/// <summary>The CLI path on survey files: prepare (with folds and skips) -> train -> evaluate -> predict -> cv.</summary>
[Collection(SyntheticSurveyCollection.Name)]
public class SurveyWorkflowCommandTests(SyntheticSurveyFixture survey)
{
    private static readonly string[] Quick = ["--epochs", "1", "--batch-size", "8", "--threads", "2", "--device", "cpu"];

    [Fact]
    public void PrepareTrainEvaluatePredictAndCrossValidate()
    {
        using var temp = new TempFolder("spfusion-cli");
        string work = temp.Path;
        string data = Path.Combine(work, "dataset");
        string catalog = survey.Summary.CatalogPath;

        // Edge stars cannot be cut out: by default that stops, naming the star; with skip they are listed.
        var (failCode, _, failErr) = CliHarness.Run("prepare", "--catalog", catalog, "--out", Path.Combine(work, "strict"));
        Assert.Equal(2, failCode);
        var edge = survey.Summary.Stars.First(s => s.NearEdge);
        Assert.Contains($"obsid {edge.ObsId}", failErr);

        var (code, stdout, stderr) = CliHarness.Run("prepare", "--catalog", catalog, "--out", data, "--folds", "3", "--on-error", "skip");
        Assert.True(code == 0, stderr);
        int edgeCount = survey.Summary.Stars.Count(s => s.NearEdge);
        Assert.True(edgeCount > 0);
        var skipped = File.ReadAllLines(Path.Combine(data, "skipped.csv")).Skip(1).ToList();
        Assert.Equal(edgeCount, skipped.Count);
        Assert.Contains(skipped, l => l.StartsWith(edge.ObsId.ToString(CultureInfo.InvariantCulture) + ",", StringComparison.Ordinal));
        var labels = LabelCsv.Read(AuthorsDatasetLayout.LabelPath(data));
        Assert.Equal(survey.Summary.StarCount - edgeCount, labels.Count);
        Assert.Contains($"prepared {labels.Count} of {survey.Summary.StarCount} stars", stdout);
        var testIds = Enumerable.Range(1, 3).SelectMany(k => LabelCsv.Read(AuthorsDatasetLayout.LabelPath(Path.Combine(data, $"fold{k}", "test")))).Select(l => l.ObsId).ToList();
        Assert.Equal(labels.Select(l => l.ObsId).Order(), testIds.Order());
        var star = survey.Summary.Stars.First(s => !s.NearEdge);
        var label = labels.Single(l => l.ObsId == star.ObsId.ToString(CultureInfo.InvariantCulture));
        var entry = SurveyCatalog.Read(catalog).Single(e => e.ObsId == star.ObsId.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(entry.Mass, label.Mass);
        Assert.Equal(entry.Age, label.Age);
        Assert.Equal(entry.Snr, label.Snr);

        string zip = Path.Combine(work, "model.zip");
        string weights = Path.Combine(work, "best.weights");
        (code, stdout, stderr) = CliHarness.Run(["train", "--data", data, "--out", zip, "--weights", weights, .. Quick]);
        Assert.True(code == 0, stderr);
        Assert.True(File.Exists(zip));
        // The saved checkpoint exports to the same ONNX graph the zip carries.
        string onnx = Path.Combine(work, "from-weights.onnx");
        (code, _, stderr) = CliHarness.Run("export-onnx", "--from", weights, "--out", onnx);
        Assert.True(code == 0, stderr);
        Assert.Contains("best epoch 1 of 1", stdout);
        Assert.Contains("output bias set to the training label means", stdout); // the trainer's own log lines are shown
        Assert.Single(stdout.Split('\n'), l => l.StartsWith("epoch 1/1:", StringComparison.Ordinal));

        // Fine-tuning the published weights for new labels: a new output layer at the label means.
        string tuned = Path.Combine(work, "tuned.zip");
        (code, stdout, stderr) = CliHarness.Run(["train", "--data", data, "--out", tuned, "--initial-weights", TestPaths.PublishedOnnx, "--reset-output-layer", .. Quick]);
        Assert.True(code == 0, stderr);
        Assert.Contains("output layer replaced by a new one (seed 42) on the weights of spfusion-published.onnx", stdout);
        Assert.True(File.Exists(tuned));

        string report = Path.Combine(work, "report.json");
        (code, stdout, stderr) = CliHarness.Run("evaluate", "--model", zip, "--data", data, "--out", report);
        Assert.True(code == 0, stderr);
        Assert.Contains("| mass (Msun) |", stdout);
        using (var json = JsonDocument.Parse(File.ReadAllText(report)))
            Assert.Equal(labels.Count, json.RootElement.GetProperty("metrics").GetProperty("mass").GetProperty("count").GetInt32());

        var zipPredictions = new List<string[]>();
        // "published" names the authors' weights shipped beside the tool: the same predictions as the committed file.
        foreach (string model in new[] { zip, onnx, TestPaths.PublishedOnnx, "published" })
        {
            string predictions = Path.Combine(work, "predictions.csv");
            (code, _, stderr) = CliHarness.Run("predict", "--model", model, "--data", data, "--out", predictions);
            Assert.True(code == 0, stderr);
            var lines = File.ReadAllLines(predictions);
            Assert.Equal("obsid,mass,age", lines[0]);
            Assert.Equal(labels.Count, lines.Length - 1);
            Assert.All(lines.Skip(1), l => Assert.All(l.Split(',').Skip(1), v => Assert.True(double.IsFinite(double.Parse(v, CultureInfo.InvariantCulture)))));
            zipPredictions.Add(lines);
        }
        // Another process loads the zip and predicts the same values.
        string otherProcess = Path.Combine(work, "other-process.csv");
        var (exit, _, err) = RunInAnotherProcess("predict", "--model", zip, "--data", data, "--out", otherProcess);
        Assert.True(exit == 0, err);
        Assert.Equal(zipPredictions[0].Length, File.ReadAllLines(otherProcess).Length);
        var elsewhere = File.ReadAllLines(otherProcess).Skip(1).Select(l => l.Split(',').Skip(1).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToList();

        var fromZip = zipPredictions[0].Skip(1).Select(l => l.Split(',').Skip(1).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToList();
        var fromOnnx = zipPredictions[1].Skip(1).Select(l => l.Split(',').Skip(1).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToList();
        Assert.Equal(zipPredictions[2], zipPredictions[3]);
        for (int i = 0; i < fromZip.Count; i++)
        {
            Assert.Equal(fromZip[i][0], fromOnnx[i][0], 1e-5);
            Assert.Equal(fromZip[i][1], fromOnnx[i][1], 1e-5);
            Assert.Equal(fromZip[i][0], elsewhere[i][0], 1e-5);
            Assert.Equal(fromZip[i][1], elsewhere[i][1], 1e-5);
        }

        string cvReport = Path.Combine(work, "cv.json");
        (code, stdout, stderr) = CliHarness.Run(["cv", "--data", data, "--folds", "3", "--out", cvReport, .. Quick]);
        Assert.True(code == 0, stderr);
        using (var json = JsonDocument.Parse(File.ReadAllText(cvReport)))
        {
            Assert.Equal(3, json.RootElement.GetProperty("folds").GetArrayLength());
            Assert.True(json.RootElement.GetProperty("mean").GetProperty("maeMass").GetProperty("mean").GetDouble() > 0);
        }
    }

    private static (int ExitCode, string Stdout, string Stderr) RunInAnotherProcess(params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "spfusion.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    [Fact]
    public void AMissingDatasetIsABadInputError()
    {
        var (code, _, stderr) = CliHarness.Run("predict", "--model", TestPaths.PublishedOnnx, "--data", "/nonexistent/dataset", "--out", "/tmp/x.csv");
        Assert.Equal(2, code);
        Assert.Contains("/nonexistent/dataset", stderr);
        Assert.Single(stderr.Trim().Split('\n'));
    }
}
