using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using SPFusion.Benchmarks.Infrastructure;
using SPFusion.ML;
using SPFusion.ML.MLNet;

namespace SPFusion.Benchmarks.Inference;

/// <summary>
/// Inference through a model zip as users run it: <c>ApplySPFusionModel</c> on the exported published weights, fitted,
/// saved with <c>mlContext.Model.Save</c>, reloaded in a fresh context after <c>ComponentCatalog.RegisterAssembly</c>;
/// then <c>Transform</c> + a cursor over <c>PredictedMass</c>, and a <c>PredictionEngine</c>.
/// </summary>
internal static class MLNetZipBench
{
    public static IReadOnlyList<Metric> Run(BenchContext context)
    {
        string onnx = ExportedGraph.Ensure(context);
        int rows = context.Quick ? 16 : 96;
        string zip = Path.Combine(context.WorkDirectory, "published-model.zip");

        var build = new MLContext(seed: 1);
        var warmRows = StarInput.Random(4, 1000);
        var schemaData = build.Data.LoadFromEnumerable(warmRows);
        var fitted = build.Transforms.ApplySPFusionModel(onnx).Fit(schemaData);
        build.Model.Save(fitted, schemaData.Schema, zip);

        var ml = new MLContext(seed: 1);
        ml.ComponentCatalog.RegisterAssembly(typeof(SPFusionTransformsCatalog).Assembly);
        var model = ml.Model.Load(zip, out _);
        var inputs = StarInput.Random(rows, 1);
        var data = ml.Data.LoadFromEnumerable(inputs);

        ReadMasses(model.Transform(ml.Data.LoadFromEnumerable(warmRows)), warmRows.Count);
        long start = Stopwatch.GetTimestamp();
        ReadMasses(model.Transform(data), rows);
        double transformSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;

        using var engine = ml.Model.CreatePredictionEngine<StarInput, StarPrediction>(model);
        foreach (var w in warmRows) engine.Predict(w);
        int next = 0;
        double engineSeconds = Timing.Seconds(() => engine.Predict(inputs[next++]), warmup: 0, runs: rows);

        return
        [
            new Metric("infer.mlnet.transform", rows / transformSeconds, "samples/s",
                $"loaded zip, Transform over {rows} in-memory rows + cursor reading PredictedMass (after a 4-row warm-up)"),
            new Metric("infer.mlnet.engine", rows / engineSeconds, "samples/s",
                $"loaded zip, PredictionEngine.Predict on {rows} rows one by one (after 4 warm-up rows)"),
        ];
    }

    private static void ReadMasses(IDataView scored, int expected)
    {
        var column = scored.Schema[SPFusionColumns.PredictedMass];
        using var cursor = scored.GetRowCursor([column]);
        var getter = cursor.GetGetter<float>(column);
        float mass = 0;
        int count = 0;
        while (cursor.MoveNext())
        {
            getter(ref mass);
            if (!float.IsFinite(mass)) throw new InvalidOperationException($"row {count}: predicted mass {mass}");
            count++;
        }

        if (count != expected) throw new InvalidOperationException($"scored {count} rows, expected {expected}");
    }
}
