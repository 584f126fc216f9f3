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
        int rows = context.Quick ? 32 : 128;
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

        using var engine = ml.Model.CreatePredictionEngine<StarInput, StarPrediction>(model);
        using var ort = new OnnxRuntimeBatch(onnx, inputs);

        // Warm-up, then rounds that alternate the three ways of scoring the same rows, so a change in machine load
        // during the run hits all three alike and the ratios stay meaningful.
        ReadMasses(model.Transform(ml.Data.LoadFromEnumerable(warmRows)), warmRows.Count);
        foreach (var w in warmRows) engine.Predict(w);
        ort.Run(0, BenchContext.Batch);
        int rounds = rows / BenchContext.Batch;
        double transformSeconds = 0, engineSeconds = 0, ortSeconds = 0;
        for (int round = 0; round < rounds; round++)
        {
            var slice = inputs.GetRange(round * BenchContext.Batch, BenchContext.Batch);
            long start = Stopwatch.GetTimestamp();
            var masses = ReadMasses(model.Transform(ml.Data.LoadFromEnumerable(slice)), slice.Count);
            transformSeconds += Stopwatch.GetElapsedTime(start).TotalSeconds;
            var engineMasses = new float[slice.Count];
            start = Stopwatch.GetTimestamp();
            for (int k = 0; k < slice.Count; k++) engineMasses[k] = engine.Predict(slice[k]).PredictedMass;
            engineSeconds += Stopwatch.GetElapsedTime(start).TotalSeconds;
            for (int k = 0; k < slice.Count; k++)
            {
                if (Math.Abs(masses[k] - engineMasses[k]) > 1e-4f)
                    throw new InvalidOperationException($"row {(round * BenchContext.Batch) + k}: PredictionEngine mass {engineMasses[k]} differs from Transform mass {masses[k]}");
            }
            start = Stopwatch.GetTimestamp();
            ort.Run(round * BenchContext.Batch, BenchContext.Batch);
            ortSeconds += Stopwatch.GetElapsedTime(start).TotalSeconds;
        }

        return
        [
            new Metric("infer.mlnet.transform", rows / transformSeconds, "samples/s",
                $"loaded zip, Transform + cursor reading PredictedMass over {rounds} views of {BenchContext.Batch} in-memory rows, alternated with the two rows below"),
            new Metric("infer.mlnet.engine", rows / engineSeconds, "samples/s",
                $"loaded zip, PredictionEngine.Predict on the same {rows} rows one by one, alternated with the rows above and below"),
            new Metric("infer.ort.b32.paired", rows / ortSeconds, "samples/s",
                $"raw ONNX Runtime (2 intra-op threads) on the same graph and the same {rows} rows as {rounds} batches of {BenchContext.Batch}, alternated with the two ML.NET rows"),
        ];
    }

    private static float[] ReadMasses(IDataView scored, int expected)
    {
        var column = scored.Schema[SPFusionColumns.PredictedMass];
        using var cursor = scored.GetRowCursor([column]);
        var getter = cursor.GetGetter<float>(column);
        float mass = 0;
        var masses = new List<float>(expected);
        while (cursor.MoveNext())
        {
            getter(ref mass);
            if (!float.IsFinite(mass)) throw new InvalidOperationException($"row {masses.Count}: predicted mass {mass}");
            masses.Add(mass);
        }

        if (masses.Count != expected) throw new InvalidOperationException($"scored {masses.Count} rows, expected {expected}");
        return masses.ToArray();
    }
}
