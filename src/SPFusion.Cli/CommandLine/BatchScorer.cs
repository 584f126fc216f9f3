using Microsoft.ML;
using Microsoft.ML.OnnxRuntime;
using SPFusion.ML.Persistence;
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
        var options = new SPFusionBatchOptions { BatchSize = BatchSize };
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

    /// <summary>Every star of <paramref name="data"/> with its prediction, in row order, streamed batch by batch.</summary>
    public IEnumerable<(AuthorsDatasetRow Star, SPFusionPrediction Prediction)> Score(IDataView data)
    {
        var batch = new List<AuthorsDatasetRow>(BatchSize);
        foreach (var star in _ml.Data.CreateEnumerable<AuthorsDatasetRow>(data, reuseRowObject: false))
        {
            batch.Add(star);
            if (batch.Count < BatchSize) continue;
            foreach (var scored in Run(batch)) yield return scored;
            batch = new List<AuthorsDatasetRow>(BatchSize);
        }
        foreach (var scored in Run(batch)) yield return scored;
    }

    private IEnumerable<(AuthorsDatasetRow, SPFusionPrediction)> Run(List<AuthorsDatasetRow> batch)
    {
        if (batch.Count == 0) return [];
        var predictions = _predictor.Predict(_ml.Data.LoadFromEnumerable(batch));
        return batch.Select((star, i) => (star, predictions[i]));
    }

    /// <inheritdoc/>
    public void Dispose() => _predictor.Dispose();
}
