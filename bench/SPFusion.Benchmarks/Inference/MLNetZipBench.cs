using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Onnx;
using SPFusion.Benchmarks.Infrastructure;
using SPFusion.ML;
using SPFusion.ML.MLNet;
using SPFusion.ML.Persistence;
using SPFusion.Transforms;

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
        var fitted = build.Transforms.ApplySPFusionModel(build, onnx).Fit(schemaData);
        build.Model.Save(fitted, schemaData.Schema, zip);

        var ml = new MLContext(seed: 1);
        ml.ComponentCatalog.RegisterAssembly(typeof(SPFusionTransformsCatalog).Assembly);
        var model = ml.Model.Load(zip, out _);
        var inputs = StarInput.Random(rows, 1);

        using var engine = ml.Model.CreatePredictionEngine<StarInput, StarPrediction>(model);
        using var ort = new OnnxRuntimeBatch(onnx, inputs);

        // The same zip, loaded into a context whose ONNX sessions run one intra-op thread each: ML.NET splits a
        // Transform cursor over ProcessorCount-1 (at least 2) worker threads, each calling ONNX Runtime row by row, so
        // with ONNX Runtime's default threads the workers and its thread pool compete for the cores.
        var mlOneThread = new MLContext(seed: 1);
        mlOneThread.SetOnnxSessionOption(new OnnxSessionOptions { IntraOpNumThreads = 1 });
        mlOneThread.ComponentCatalog.RegisterAssembly(typeof(SPFusionTransformsCatalog).Assembly);
        var modelOneThread = mlOneThread.Model.Load(zip, out _);

        using var batch = SPFusionBatchPredictor.FromModelZip(zip, new SPFusionBatchOptions { BatchSize = BenchContext.Batch, IntraOpNumThreads = BenchContext.Threads });

        // Warm-up, then rounds that alternate the ways of scoring the same rows, so a change in machine load during the
        // run hits all of them alike and the ratios stay meaningful. Every way's masses are checked against Transform's.
        var variants = new (string Key, Func<List<StarInput>, float[]?> Score)[]
        {
            ("infer.mlnet.transform", slice => ReadMasses(model.Transform(ml.Data.LoadFromEnumerable(slice)), slice.Count)),
            ("infer.mlnet.engine", slice => slice.Select(row => engine.Predict(row).PredictedMass).ToArray()),
            ("infer.mlnet.transform.intra1", slice => ReadMasses(modelOneThread.Transform(mlOneThread.Data.LoadFromEnumerable(slice)), slice.Count)),
            ("infer.mlnet.batchpredictor", slice => batch.Predict(ml.Data.LoadFromEnumerable(slice)).Select(p => p.PredictedMass).ToArray()),
            ("infer.ort.b32.paired", slice =>
            {
                ort.Run(inputs.IndexOf(slice[0]), slice.Count);
                return null;
            }),
        };
        foreach (var (_, score) in variants) score(inputs.GetRange(0, BenchContext.Batch));
        int rounds = rows / BenchContext.Batch;
        var seconds = new double[variants.Length];
        for (int round = 0; round < rounds; round++)
        {
            var slice = inputs.GetRange(round * BenchContext.Batch, BenchContext.Batch);
            float[]? reference = null;
            for (int v = 0; v < variants.Length; v++)
            {
                long start = Stopwatch.GetTimestamp();
                var masses = variants[v].Score(slice);
                seconds[v] += Stopwatch.GetElapsedTime(start).TotalSeconds;
                if (masses is null) continue;
                reference ??= masses;
                for (int k = 0; k < slice.Count; k++)
                {
                    if (Math.Abs(masses[k] - reference[k]) > 1e-4f)
                        throw new InvalidOperationException($"row {(round * BenchContext.Batch) + k}: {variants[v].Key} mass {masses[k]} differs from Transform mass {reference[k]}");
                }
            }
        }

        double Rate(string key) => rows / seconds[Array.FindIndex(variants, v => v.Key == key)];
        string alternated = $"the same {rows} rows as {rounds} rounds of {BenchContext.Batch}, alternated with the other infer-mlnet rows";
        return
        [
            new Metric("infer.mlnet.transform", Rate("infer.mlnet.transform"), "samples/s",
                $"loaded zip (fresh MLContext, defaults), Transform + cursor reading PredictedMass over {rounds} views of {BenchContext.Batch} in-memory rows; {alternated}"),
            new Metric("infer.mlnet.engine", Rate("infer.mlnet.engine"), "samples/s",
                $"loaded zip (fresh MLContext, defaults), PredictionEngine.Predict row by row; {alternated}"),
            new Metric("infer.mlnet.transform.intra1", Rate("infer.mlnet.transform.intra1"), "samples/s",
                $"loaded zip in an MLContext with SetOnnxSessionOption(IntraOpNumThreads = 1), Transform + cursor; {alternated}"),
            new Metric("infer.mlnet.batchpredictor", Rate("infer.mlnet.batchpredictor"), "samples/s",
                $"SPFusionBatchPredictor.FromModelZip on the same zip (batch {BenchContext.Batch}, {BenchContext.Threads} intra-op threads) over an IDataView; {alternated}"),
            new Metric("infer.ort.b32.paired", Rate("infer.ort.b32.paired"), "samples/s",
                $"raw ONNX Runtime ({BenchContext.Threads} intra-op threads) on the same graph, batches of {BenchContext.Batch}, only 'prediction'; {alternated}"),
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
