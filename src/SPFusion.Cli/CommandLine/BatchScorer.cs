using System.Collections.Concurrent;
using Microsoft.ML;
using Microsoft.ML.OnnxRuntime;
using SPFusion.ML.Persistence;
using SPFusion.Transforms;
using SPFusion.Transforms.MLNet;

namespace SPFusion.Cli.CommandLine;

/// <summary>
/// Scores a prepared dataset for <c>predict</c> and <c>evaluate</c>: the model's ONNX graph (the file itself, or the one
/// inside a model zip) runs through ONNX Runtime in batches (<see cref="SPFusionBatchPredictor"/>) instead of ML.NET's
/// row-at-a-time <c>OnnxTransformer</c>, reading the dataset once, in its row order.
/// </summary>
internal sealed class BatchScorer : IDisposable
{
    /// <summary>Stars per ONNX Runtime call: the batch the throughput goals are stated for.</summary>
    public const int BatchSize = 32;

    private readonly MLContext _ml;
    private readonly SPFusionBatchPredictor _predictor;
    private float[]? _spectra, _photometry; // one batch of each input, reused

    private BatchScorer(MLContext ml, SPFusionBatchPredictor predictor)
    {
        _ml = ml;
        _predictor = predictor;
    }

    /// <summary>
    /// Opens the model at <paramref name="path"/>. A zip is first loaded and checked as before (CRCs, an SPFusion model,
    /// accepts <paramref name="data"/>'s columns), so a damaged or foreign zip is refused with the same message.
    /// <paramref name="threads"/> is ONNX Runtime's intra-op thread count (default: the number of cores).
    /// </summary>
    public static BatchScorer Open(MLContext ml, string path, IDataView data, int? threads = null)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"model not found: {path}", path);
        // The next batch is read on the same two cores while one is scored: ONNX Runtime's spinning threads would take
        // the reader's time (bench/README.md, spfusion predict).
        var options = new SPFusionBatchOptions { BatchSize = BatchSize, AllowSpinning = false };
        if (threads is { } n) options = options with { IntraOpNumThreads = n };
        if (ModelFileKind.IsOnnx(path)) return new BatchScorer(ml, Create(() => new SPFusionBatchPredictor(File.ReadAllBytes(path), options, path), path));

        // The batch session comes first: ONNX Runtime flushes denormals on the package's ONNX thread only if the process's
        // first session is created there (see OnnxThread), and the ML.NET model below creates a session of its own.
        var predictor = Create(() => SPFusionBatchPredictor.FromModelZip(path, options), path);
        try
        {
            using (var model = SPFusionModelFile.Load(ml, path) as IDisposable)
                ((ITransformer)model!).GetOutputSchema(data.Schema);
        }
        catch
        {
            predictor.Dispose();
            throw;
        }
        return new BatchScorer(ml, predictor);
    }

    // ONNX Runtime's own refusal of a graph does not name the file, and is bad input like any other unreadable model.
    private static SPFusionBatchPredictor Create(Func<SPFusionBatchPredictor> create, string path)
    {
        try
        {
            return create();
        }
        catch (OnnxRuntimeException ex)
        {
            throw new InvalidDataException($"{path}: ONNX Runtime cannot load the model: {ex.Message}", ex);
        }
    }

    /// <summary>True when the model outputs an uncertainty: every prediction then has its sigmas.</summary>
    public bool HasUncertainty => _predictor.HasUncertainty;

    /// <summary>
    /// Every star of <paramref name="data"/> with its prediction, in row order, streamed batch by batch. The next batch is
    /// read (files decoded, spectra prepared) on another thread while ONNX Runtime scores the current one, and the rows
    /// go to ONNX Runtime as one contiguous buffer per input rather than through a second data view.
    /// </summary>
    public IEnumerable<(AuthorsDatasetRow Star, SPFusionPrediction Prediction)> Score(IDataView data)
    {
        // At most two batches wait: reading stays one batch ahead without holding the dataset in memory.
        using var batches = new BlockingCollection<List<AuthorsDatasetRow>>(boundedCapacity: 2);
        using var stop = new CancellationTokenSource();
        var reader = Task.Run(() =>
        {
            try
            {
                var batch = new List<AuthorsDatasetRow>(BatchSize);
                foreach (var star in _ml.Data.CreateEnumerable<AuthorsDatasetRow>(data, reuseRowObject: false))
                {
                    batch.Add(star);
                    if (batch.Count < BatchSize) continue;
                    batches.Add(batch, stop.Token);
                    batch = new List<AuthorsDatasetRow>(BatchSize);
                }
                if (batch.Count > 0) batches.Add(batch, stop.Token);
            }
            finally
            {
                batches.CompleteAdding();
            }
        });
        try
        {
            foreach (var batch in batches.GetConsumingEnumerable())
            {
                var predictions = Run(batch);
                for (int i = 0; i < batch.Count; i++) yield return (batch[i], predictions[i]);
            }
            reader.GetAwaiter().GetResult(); // a reading error surfaces here, as it did when reading inline
        }
        finally
        {
            // A consumer that stops early (or fails) must not leave the reader blocked on a full queue.
            stop.Cancel();
            try
            {
                reader.Wait();
            }
            catch (AggregateException)
            {
                // Cancelled, or failed with an error the loop above already rethrew (or that a consumer stopping early does not need).
            }
        }
    }

    private IReadOnlyList<SPFusionPrediction> Run(List<AuthorsDatasetRow> batch)
    {
        int n = batch.Count;
        float[]? spectra = _predictor.UsesSpectrum ? _spectra ??= new float[BatchSize * SPFusionShapes.SpectrumLength] : null;
        float[]? photometry = _predictor.UsesPhotometry ? _photometry ??= new float[BatchSize * SPFusionShapes.PhotometryLength] : null;
        for (int i = 0; i < n; i++)
        {
            var star = batch[i];
            if (spectra is not null) Copy(star.Spectrum, spectra, i, SPFusionShapes.SpectrumLength, star.ObsId, "spectrum");
            if (photometry is not null) Copy(star.Photometry, photometry, i, SPFusionShapes.PhotometryLength, star.ObsId, "photometry");
        }
        return _predictor.Predict(spectra, photometry, n);
    }

    private static void Copy(float[] values, float[] buffer, int row, int length, string obsId, string what)
    {
        if (values.Length != length) throw new InvalidDataException($"obsid {obsId}: the {what} has {values.Length} values; the model takes {length}");
        values.CopyTo(buffer, row * length);
    }

    /// <inheritdoc/>
    public void Dispose() => _predictor.Dispose();
}
