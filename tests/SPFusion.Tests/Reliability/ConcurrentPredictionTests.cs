using Microsoft.ML;
using Microsoft.ML.Data;
using SPFusion.ML;
using SPFusion.ML.MLNet;
using SPFusion.Tests.Support;
using SPFusion.Transforms;

namespace SPFusion.Tests.Reliability;

/// <summary>A star with an id, so rows read by parallel cursors can be matched to sequential predictions.</summary>
public sealed class IdentifiedStar
{
    public int Id { get; set; }

    [VectorType(SPFusionShapes.SpectrumLength)]
    public float[] Spectrum { get; set; } = [];

    [VectorType(SPFusionShapes.PhotometryLength)]
    public float[] Photometry { get; set; } = [];
}

/// <summary>
/// One loaded published-model transformer serves several threads at once: separate PredictionEngines and parallel
/// cursors give exactly the sequential predictions.
/// </summary>
public sealed class ConcurrentPredictionTests
{
    private const int Threads = 4;

    private static (MLContext Ml, ITransformer Model, List<IdentifiedStar> Rows) Setup(int count)
    {
        var rows = SyntheticRows.Uniform(count, seed: 21)
            .Select((r, i) => new IdentifiedStar { Id = i, Spectrum = r.Spectrum, Photometry = r.Photometry }).ToList();
        var ml = new MLContext(seed: 1);
        var model = ml.Transforms.ApplySPFusionModel(ml, TestPaths.PublishedOnnx).Fit(ml.Data.LoadFromEnumerable(rows));
        return (ml, model, rows);
    }

    private static Dictionary<int, (float Mass, float Age)> Read(DataViewRowCursor cursor)
    {
        var schema = cursor.Schema;
        var id = cursor.GetGetter<int>(schema["Id"]);
        var mass = cursor.GetGetter<float>(schema[SPFusionColumns.PredictedMass]);
        var age = cursor.GetGetter<float>(schema[SPFusionColumns.PredictedAge]);
        var result = new Dictionary<int, (float, float)>();
        while (cursor.MoveNext())
        {
            int i = 0;
            float m = 0, a = 0;
            id(ref i);
            mass(ref m);
            age(ref a);
            result.Add(i, (m, a));
        }
        return result;
    }

    [Fact]
    public void SeparatePredictionEnginesOnThreadsMatchSequentialPredictionsExactly()
    {
        var (ml, model, rows) = Setup(6);
        var sequential = ml.Model.CreatePredictionEngine<IdentifiedStar, ScoredRow>(model);
        var expected = rows.Select(r => sequential.Predict(r)).Select(p => (p.PredictedMass, p.PredictedAge, p.Score)).ToArray();

        using var start = new Barrier(Threads);
        var results = new (float, float, float)[Threads][];
        var threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            var engine = ml.Model.CreatePredictionEngine<IdentifiedStar, ScoredRow>(model);
            var mine = new (float, float, float)[rows.Count];
            start.SignalAndWait();
            // Each thread walks the rows from a different start so different rows are in flight at once.
            for (int k = 0; k < rows.Count; k++)
            {
                int i = (k + t) % rows.Count;
                var p = engine.Predict(rows[i]);
                mine[i] = (p.PredictedMass, p.PredictedAge, p.Score);
            }
            results[t] = mine;
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        for (int t = 0; t < Threads; t++) Assert.Equal(expected, results[t]);
        Assert.All(expected, e => Assert.True(float.IsFinite(e.PredictedMass) && float.IsFinite(e.PredictedAge)));
    }

    [Fact]
    public async Task ParallelCursorsOverOneTransformedViewMatchSequentialPredictionsExactly()
    {
        var (ml, model, rows) = Setup(8);
        // A cached view can be split; an enumerable-backed one would hand out a single cursor.
        var data = ml.Data.Cache(ml.Data.LoadFromEnumerable(rows));
        var scored = model.Transform(data);
        var columns = scored.Schema.Where(c => c.Name is "Id" or SPFusionColumns.PredictedMass or SPFusionColumns.PredictedAge).ToArray();
        Dictionary<int, (float, float)> expected;
        using (var cursor = scored.GetRowCursor(columns)) expected = Read(cursor);
        Assert.Equal(rows.Count, expected.Count);

        // Cursor set: the rows are partitioned among the cursors, each drained on its own thread.
        var set = scored.GetRowCursorSet(columns, Threads);
        Assert.True(set.Length > 1, $"the cursor set has {set.Length} cursor(s); nothing would run in parallel");
        var parts = new Dictionary<int, (float, float)>[set.Length];
        var workers = set.Select((c, k) => Task.Factory.StartNew(() =>
        {
            using (c) parts[k] = Read(c);
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        await Task.WhenAll(workers);
        var union = parts.SelectMany(p => p).ToDictionary(kv => kv.Key, kv => kv.Value);
        Assert.Equal(rows.Count, parts.Sum(p => p.Count));
        Assert.Equal(expected.OrderBy(kv => kv.Key), union.OrderBy(kv => kv.Key));

        // Independent full cursors on threads, all at once.
        var full = Enumerable.Range(0, Threads).Select(_ => Task.Factory.StartNew(() =>
        {
            using var c = scored.GetRowCursor(columns);
            return Read(c);
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        foreach (var f in await Task.WhenAll(full)) Assert.Equal(expected.OrderBy(kv => kv.Key), f.OrderBy(kv => kv.Key));
    }
}
