using System.Globalization;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using SPFusion.ML;
using SPFusion.ML.Evaluation;
using SPFusion.ML.MLNet;
using SPFusion.Tests.Support;
using SPFusion.Transforms;
using SPFusion.Transforms.MLNet;

namespace SPFusion.Tests.Cli;

/// <summary>
/// <c>predict</c> and <c>evaluate</c> score through ONNX Runtime in batches; they must give what ML.NET's row-at-a-time
/// OnnxTransformer gives on the same model (an ONNX file, and the zip that wraps it), row for row.
/// </summary>
public sealed class BatchScoringTests
{
    // 40 stars: one full batch of 32 and a partial one.
    private const int Stars = 40;

    [Fact]
    public void PredictAndEvaluateMatchMLNetsOnnxTransformer()
    {
        using var temp = new TempFolder("spfusion-batch-scoring");
        string data = TinyDataset.Write(temp.File("data"), Stars);
        string zip = temp.File("model.zip");

        var ml = new MLContext(seed: 1);
        var view = ml.Data.LoadAuthorsDataset(data);
        var model = ml.Transforms.ApplySPFusionModel(ml, TestPaths.PublishedOnnx).Fit(view);
        using var release = model as IDisposable;
        ml.Model.Save(model, view.Schema, zip);
        var scored = model.Transform(view);
        var ids = ml.Data.CreateEnumerable<AuthorsDatasetRow>(view, reuseRowObject: false)
            .Select(r => Convert.ToString(r.ObsId, CultureInfo.InvariantCulture)!).ToList();
        var reference = ReadReference(scored).Select((p, i) => (Id: ids[i], p.Mass, p.Age)).ToList();
        Assert.Equal(Stars, reference.Count);
        var metrics = TwoTargetEvaluator.Evaluate(scored);

        foreach (string modelPath in new[] { TestPaths.PublishedOnnx, zip })
        {
            string predictions = temp.File("predictions.csv");
            var (code, stdout, stderr) = CliHarness.Run("predict", "--model", modelPath, "--data", data, "--out", predictions);
            Assert.True(code == 0, stderr);
            Assert.Contains($"{Stars} predictions", stdout, StringComparison.Ordinal);
            var lines = File.ReadAllLines(predictions);
            Assert.Equal("obsid,mass,age", lines[0]);
            Assert.Equal(Stars, lines.Length - 1);
            for (int i = 0; i < Stars; i++)
            {
                var fields = lines[i + 1].Split(',');
                Assert.Equal(reference[i].Id, fields[0]);
                Assert.Equal(reference[i].Mass, float.Parse(fields[1], CultureInfo.InvariantCulture), 1e-5f);
                Assert.Equal(reference[i].Age, float.Parse(fields[2], CultureInfo.InvariantCulture), 1e-5f);
            }

            string report = temp.File("report.json");
            (code, stdout, stderr) = CliHarness.Run("evaluate", "--model", modelPath, "--data", data, "--out", report);
            Assert.True(code == 0, stderr);
            Assert.Contains("| mass (Msun) |", stdout, StringComparison.Ordinal);
            using var json = JsonDocument.Parse(File.ReadAllText(report));
            var m = json.RootElement.GetProperty("metrics");
            AssertSame(metrics.Mass, m.GetProperty("mass"));
            AssertSame(metrics.Age, m.GetProperty("age"));
        }
    }

    private static void AssertSame(TargetMetrics expected, JsonElement actual)
    {
        Assert.Equal(expected.Count, actual.GetProperty("count").GetInt64());
        AssertClose(expected.MeanAbsoluteError, actual.GetProperty("meanAbsoluteError"));
        AssertClose(expected.MeanSquaredError, actual.GetProperty("meanSquaredError"));
        AssertClose(expected.RSquared, actual.GetProperty("rSquared"));
        AssertClose(expected.ResidualMean, actual.GetProperty("residualMean"));
        AssertClose(expected.ResidualStdDev, actual.GetProperty("residualStdDev"));
        var bins = actual.GetProperty("bySnr");
        Assert.Equal(expected.BySnr.Count, bins.GetArrayLength());
        for (int b = 0; b < expected.BySnr.Count; b++)
        {
            Assert.Equal(expected.BySnr[b].Count, bins[b].GetProperty("count").GetInt64());
            AssertClose(expected.BySnr[b].MeanAbsoluteError, bins[b].GetProperty("meanAbsoluteError"));
        }
    }

    // The report writes NaN (an empty SNR bin's MAE) as the string "NaN".
    private static void AssertClose(double expected, JsonElement actual)
    {
        double value = actual.ValueKind == JsonValueKind.String ? double.Parse(actual.GetString()!, CultureInfo.InvariantCulture) : actual.GetDouble();
        if (double.IsNaN(expected)) Assert.True(double.IsNaN(value), $"expected NaN, got {value}");
        else Assert.Equal(expected, value, 1e-5);
    }

    private static List<(float Mass, float Age)> ReadReference(IDataView scored)
    {
        var rows = new List<(float, float)>();
        using var cursor = scored.GetRowCursor(scored.Schema.Where(c => c.Name is SPFusionColumns.PredictedMass or SPFusionColumns.PredictedAge));
        var mass = cursor.GetGetter<float>(scored.Schema[SPFusionColumns.PredictedMass]);
        var age = cursor.GetGetter<float>(scored.Schema[SPFusionColumns.PredictedAge]);
        float m = 0, a = 0;
        while (cursor.MoveNext())
        {
            mass(ref m);
            age(ref a);
            rows.Add((m, a));
        }
        return rows;
    }
}
