using System.Collections.Concurrent;
using SPFusion.ML.Persistence;
using SPFusion.Transforms;
using SPFusion.Transforms.Catalogs;

namespace SPFusion.ML.Survey;

/// <summary>
/// Estimates mass and age for every row of a survey catalogue straight from the raw LAMOST spectra and SDSS frames, in
/// one streamed pass: spectra are prepared and frames cut out on all cores while the previous chunk runs through ONNX
/// Runtime, and every row comes back exactly once with its <see cref="SurveyStatus"/>. Stars whose frames are unusable are
/// estimated by the spectrum-only fallback model when one is given. Memory is bounded by the chunk size and the frame
/// cache, not by the catalogue.
/// </summary>
public sealed class SurveyEstimator : IDisposable
{
    private readonly SPFusionBatchPredictor _model;
    private readonly SPFusionBatchPredictor? _fallback;

    /// <summary>Opens the fusion model (and the fallback model, if the options name one).</summary>
    /// <param name="modelPath">A fusion model: an ONNX file (<c>export-onnx</c>, or the published weights) or a model zip.</param>
    /// <param name="options">Run options; defaults when null.</param>
    /// <exception cref="FileNotFoundException">A model file does not exist.</exception>
    /// <exception cref="InvalidDataException">A model is not an SPFusion graph, the model is spectrum-only, or the fallback takes images.</exception>
    public SurveyEstimator(string modelPath, SurveyEstimatorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(modelPath);
        Options = options ?? new SurveyEstimatorOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.ChunkSize, 1, nameof(SurveyEstimatorOptions.ChunkSize));
        ModelPath = modelPath;
        // The next chunk's spectra and frames are prepared on all cores while ONNX Runtime scores this one, so its
        // threads sleep between parallel sections instead of spinning on cores the preparation needs.
        var batch = new SPFusionBatchOptions { BatchSize = Options.BatchSize, IntraOpNumThreads = Options.IntraOpNumThreads, AllowSpinning = false };
        _model = SurveyModel.Open(modelPath, fusion: true, "model", batch);
        try
        {
            _fallback = Options.FallbackModelPath is { } f ? SurveyModel.Open(f, fusion: false, "fallback model", batch) : null;
        }
        catch
        {
            _model.Dispose();
            throw;
        }
    }

    /// <summary>The options in force.</summary>
    public SurveyEstimatorOptions Options { get; }

    /// <summary>The fusion model's file.</summary>
    public string ModelPath { get; }

    /// <summary>
    /// True when a model outputs an uncertainty (e.g. an ensemble from <c>spfusion cv --ensemble-out</c>): its estimates
    /// carry <see cref="SurveyEstimate.MassSigma"/> and <see cref="SurveyEstimate.AgeSigma"/> and output tables have the
    /// <c>mass_sigma</c> and <c>age_sigma</c> columns.
    /// </summary>
    public bool HasUncertainty => _model.HasUncertainty || _fallback?.HasUncertainty == true;

    /// <summary>
    /// Estimates every row of the catalogue at <paramref name="catalogPath"/> (the shard's rows when
    /// <see cref="SurveyEstimatorOptions.Shard"/> is set), streamed chunk by chunk in processing order: rows sharing frames
    /// come together, so sort by <see cref="SurveyEstimate.Line"/> for catalogue order (<c>EstimateToFile</c> does).
    /// </summary>
    /// <exception cref="InvalidDataException">The catalogue's header is unusable; or, with
    /// <see cref="SurveyEstimatorOptions.StopAtFirstProblem"/>, the first problem row's message.</exception>
    public IEnumerable<SurveyEstimate> Estimate(string catalogPath, IProgress<SurveyProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var plan = Plan(catalogPath);
        foreach (var (_, rows) in EstimateChunks(plan, _ => false, progress, cancellationToken))
        {
            foreach (var row in rows) yield return row;
        }
    }

    /// <summary>
    /// Estimates the catalogue into <paramref name="outputPath"/> (CSV, FITS binary table or Parquet, from the extension),
    /// in catalogue order. Chunks are committed as they finish in <c>OUTPUT.parts/</c>; with <paramref name="resume"/> a run
    /// killed at any moment continues after its last committed chunk and writes the same output as an uninterrupted run
    /// (a resume with another catalogue, model or result-changing option is refused, naming what differs).
    /// </summary>
    /// <exception cref="IOException">An unfinished run's folder is there and <paramref name="resume"/> is false.</exception>
    /// <exception cref="InvalidDataException">As for <see cref="Estimate"/>, or a resume does not match the interrupted run.</exception>
    public SurveyRunSummary EstimateToFile(string catalogPath, string outputPath, bool resume = false, IProgress<SurveyProgress>? progress = null,
        CancellationToken cancellationToken = default) =>
        SurveyFileRun.Execute(this, catalogPath, outputPath, resume, progress, cancellationToken);

    /// <summary>Reads the catalogue and plans the run (chunks in processing order).</summary>
    internal SurveyPlan Plan(string catalogPath) =>
        SurveyPlan.Create(SurveyCatalog.ReadRows(catalogPath).ToList(), Options.ChunkSize, Options.Shard);

    /// <summary>
    /// Estimates the plan's chunks for which <paramref name="done"/> is false, in order, preparing the next chunk while the
    /// current one is scored. Progress counts the skipped chunks' rows as done (<paramref name="doneCounts"/> gives their statuses).
    /// </summary>
    internal IEnumerable<(int Chunk, IReadOnlyList<SurveyEstimate> Rows)> EstimateChunks(
        SurveyPlan plan, Func<int, bool> done, IProgress<SurveyProgress>? progress, CancellationToken cancellationToken,
        IReadOnlyDictionary<SurveyStatus, int>? doneCounts = null)
    {
        var preparer = new SurveyRowPreparer(Options, plan.StarsSharingFrames);
        var counts = SurveyStatusText.All.ToDictionary(s => s, s => doneCounts?.GetValueOrDefault(s) ?? 0);
        int finished = plan.Chunks.Select((c, k) => done(k) ? c.Count : 0).Sum();
        progress?.Report(new SurveyProgress(finished, plan.RowCount, new Dictionary<SurveyStatus, int>(counts)));
        var todo = Enumerable.Range(0, plan.Chunks.Count).Where(k => !done(k)).ToList();

        // One chunk is prepared ahead on the thread pool while this thread scores: ONNX Runtime's calling thread stays the
        // one that opened the sessions (see OnnxSessionSettings on denormals).
        using var ready = new BlockingCollection<(int, PreparedRow[])>(boundedCapacity: 1);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = Task.Run(() =>
        {
            try
            {
                foreach (int k in todo) ready.Add((k, preparer.Prepare(plan.Chunks[k], stop.Token)), stop.Token);
            }
            finally
            {
                ready.CompleteAdding();
            }
        }, stop.Token);

        try
        {
            foreach (var (k, prepared) in ready.GetConsumingEnumerable(stop.Token))
            {
                var estimates = Score(prepared);
                if (Options.StopAtFirstProblem) ThrowOnFirstProblem(estimates);
                foreach (var e in estimates) counts[e.Status]++;
                finished += estimates.Count;
                // Each star's cut-out arrays (about 0.6 MB) live on the large-object heap, which only a full collection
                // frees; left to its own budget the GC let a 20,000-row run peak at 1.5x the memory of a 2,000-row one.
                // One collection per chunk keeps the peak flat at a few percent of the run time.
                prepared.AsSpan().Clear();
                GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: false);
                yield return (k, estimates);
                progress?.Report(new SurveyProgress(finished, plan.RowCount, new Dictionary<SurveyStatus, int>(counts)));
            }
            producer.GetAwaiter().GetResult(); // a preparation error (a bug, or cancellation) surfaces here
        }
        finally
        {
            stop.Cancel();
            try
            {
                producer.Wait(TimeSpan.FromMinutes(1));
            }
            catch (AggregateException)
            {
                // Already surfaced above, or the consumer stopped first (an exception of its own is in flight).
            }
        }
    }

    private IReadOnlyList<SurveyEstimate> Score(PreparedRow[] rows)
    {
        var mass = new float?[rows.Length];
        var age = new float?[rows.Length];
        var sigmas = new (float? Mass, float? Age)[rows.Length];
        var model = new string[rows.Length];
        var message = rows.Select(r => r.Message).ToArray();
        Array.Fill(model, "");
        RunModel(_model, rows, r => r.Status == SurveyStatus.Ok, SurveyEstimate.FusionModel, Options.BatchSize, mass, age, sigmas, model, message);
        if (_fallback is not null)
            RunModel(_fallback, rows, r => r.Status != SurveyStatus.Ok && r.Spectrum is not null, SurveyEstimate.FallbackModel, Options.BatchSize, mass, age, sigmas, model, message);
        return rows.Select((r, k) => new SurveyEstimate(r.Row.Line, r.Row.ObsId, mass[k], age[k], r.Status, model[k], message[k])
        {
            MassSigma = sigmas[k].Mass,
            AgeSigma = sigmas[k].Age,
        }).ToList();
    }

    /// <remarks>
    /// Every ONNX Runtime call runs a full batch (the last one padded with zero rows): ONNX Runtime's kernels take other
    /// paths for a few rows, which changed the last bit of 31 of 40 estimates at batch 1 and 1 of 40 at batch 3, so a star's
    /// estimate would depend on how many stars shared its chunk (and a shard's on the split). Full batches gave identical
    /// values for every star whatever its batch or position in it.
    /// </remarks>
    private static void RunModel(SPFusionBatchPredictor predictor, PreparedRow[] rows, Func<PreparedRow, bool> selected, string name,
        int batchSize, float?[] mass, float?[] age, (float? Mass, float? Age)[] sigmas, string[] model, string[] message)
    {
        var which = Enumerable.Range(0, rows.Length).Where(k => selected(rows[k])).ToList();
        if (which.Count == 0) return;
        int padded = (which.Count + batchSize - 1) / batchSize * batchSize;
        var spectra = new float[padded * SPFusionShapes.SpectrumLength];
        float[]? photometry = predictor.UsesPhotometry ? new float[padded * SPFusionShapes.PhotometryLength] : null;
        for (int j = 0; j < which.Count; j++)
        {
            rows[which[j]].Spectrum!.CopyTo(spectra, j * SPFusionShapes.SpectrumLength);
            rows[which[j]].Photometry?.CopyTo(photometry!, j * SPFusionShapes.PhotometryLength);
        }
        var predictions = predictor.Predict(spectra, photometry, padded);
        for (int j = 0; j < which.Count; j++)
        {
            var (m, a) = (predictions[j].PredictedMass, predictions[j].PredictedAge);
            var (ms, sa) = (predictions[j].MassSigma, predictions[j].AgeSigma);
            if (!float.IsFinite(m) || !float.IsFinite(a))
            {
                // Never written as a number: the row keeps its status, with no estimate and the reason.
                string said = message[which[j]];
                message[which[j]] = (said.Length > 0 ? said + "; " : "") + string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"the {name} model's estimate is not finite (mass {m}, age {a})");
                continue;
            }
            if ((ms is { } s1 && !(float.IsFinite(s1) && s1 >= 0)) || (sa is { } s2 && !(float.IsFinite(s2) && s2 >= 0)))
            {
                // An estimate without a usable error bar is no estimate of a model that has one.
                string said = message[which[j]];
                message[which[j]] = (said.Length > 0 ? said + "; " : "") + string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"the {name} model's uncertainty is not a finite standard deviation (mass_sigma {ms}, age_sigma {sa})");
                continue;
            }
            mass[which[j]] = m;
            age[which[j]] = a;
            sigmas[which[j]] = (ms, sa);
            model[which[j]] = name;
        }
    }

    // "First" is the lowest catalogue line of the chunk, so the error does not depend on the grouping.
    private void ThrowOnFirstProblem(IReadOnlyList<SurveyEstimate> estimates)
    {
        var problem = estimates.Where(e => e.Status != SurveyStatus.Ok && e.Model != SurveyEstimate.FallbackModel).MinBy(e => e.Line);
        if (problem is not null)
            throw new InvalidDataException(problem.Message.Length > 0 ? problem.Message : $"catalogue line {problem.Line}: {SurveyStatusText.Of(problem.Status)}");
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _model.Dispose();
        _fallback?.Dispose();
    }
}
