using System.Diagnostics;
using SPFusion.ML.Network;
using SPFusion.ML.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace SPFusion.ML.Training;

/// <summary>
/// Epochs of Adam with cosine warm restarts and early stopping over cached rows; keeps the best-validation weights.
/// Every step runs inside a dispose scope so no tensor outlives its batch.
/// </summary>
internal sealed class TrainingLoop
{
    private readonly SPFusionTrainer.Options _options;
    private readonly IProgress<EpochReport>? _progress;
    private readonly CancellationToken _cancellation;
    private readonly Device _device;
    private readonly Action<string> _log;

    public TrainingLoop(SPFusionTrainer.Options options, Device device, Action<string> log, IProgress<EpochReport>? progress, CancellationToken cancellation)
    {
        _options = options;
        _progress = progress;
        _cancellation = cancellation;
        _device = device;
        _log = log;
    }

    /// <summary>
    /// libtorch's intra-op thread count is process-wide, and a different count changes the order of floating-point
    /// reductions, so two trainings at once could not each be reproducible: runs in one process take turns.
    /// </summary>
    private static readonly Lock ProcessWideTorchState = new();

    public TrainingHistory Run(StarNetwork network, StarRowCache train, StarRowCache validation, IReadOnlyList<SkippedRow> skipped, TargetScaling? scaling)
    {
        lock (ProcessWideTorchState)
        {
            // Restored afterwards: the count is the host process's setting, not this run's.
            int threadsBefore = get_num_threads();
            try
            {
                if (_options.NumberOfThreads is { } threads) set_num_threads(threads);
                return RunExclusive(network, train, validation, skipped, scaling);
            }
            finally
            {
                if (get_num_threads() != threadsBefore) set_num_threads(threadsBefore);
            }
        }
    }

    private TrainingHistory RunExclusive(StarNetwork network, StarRowCache train, StarRowCache validation, IReadOnlyList<SkippedRow> skipped, TargetScaling? scaling)
    {
        var o = _options;
        var loss = LossFor(o, train);
        var schedule = new CosineWarmRestartSchedule(o.LearningRate, o.SchedulePeriod, o.ScheduleMultiplier, o.MinimumLearningRate);
        var stopping = new EarlyStopping(o.EarlyStoppingPatience, o.EarlyStoppingMinDelta);
        using var optimizer = new AdamOptimizer(network.parameters(), o.LearningRate, o.Beta1, o.Beta2, eps: 1e-8, o.WeightDecay, LearningRateScales(network, o));
        var checkpoints = o.CheckpointDirectory is { } dir ? new TrainingCheckpoint(dir, TrainingFingerprint.Of(o, train, validation)) : null;
        var history = new List<EpochReport>();
        // Dropout and drop-path draw from this run's own generator, seeded like torch.manual_seed(Seed) would seed the
        // default one: other libtorch work in the process cannot shift the stream, so a seed gives one result.
        using var generator = new Generator(unchecked((ulong)o.Seed), _device);
        network.UseRandomSource(generator);
        Dictionary<string, Tensor>? best = null;
        WeightAverage? average = o.AverageLastEpochs > 0 ? new WeightAverage() : null;
        int bestEpoch = 0, startEpoch = 0;

        if (o.Resume && checkpoints!.TryLoad(network, optimizer, generator, out var resumed))
        {
            startEpoch = resumed.EpochsDone;
            history.AddRange(resumed.History);
            stopping.Restore(resumed.BestValidationLoss, resumed.EpochsWithoutImprovement);
            bestEpoch = resumed.BestEpoch;
            best = resumed.BestWeights;
            if (resumed.Average is not null)
            {
                average?.Dispose();
                average = resumed.Average;
            }
            _log($"resumed after epoch {startEpoch} from {checkpoints.Directory}");
        }

        var batch = new BatchTensors(o.BatchSize, train.HasPhotometry, train.HasSpectrum);
        var order = new int[train.Count];
        var clock = Stopwatch.StartNew();
        long samplesSeen = 0;
        bool stoppedEarly = false;
        try
        {
            for (int epoch = startEpoch; epoch < o.MaxEpochs; epoch++)
            {
                if (stopping.ShouldStop)
                {
                    stoppedEarly = true;
                    break;
                }
                double lr = schedule.LearningRate(epoch);
                optimizer.LearningRate = lr;

                var epochClock = Stopwatch.StartNew();
                double trainLoss = TrainEpoch(network, optimizer, train, batch, order, epoch, scaling, loss);
                if (o.RecalibrateBatchNorm) BatchNormRecalibration.Run(network, train, batch, o.BatchSize, _device, _cancellation);
                samplesSeen += train.Count;
                var (valLoss, maeMass, maeAge) = Evaluate(network, validation, batch, scaling, loss);
                // Checked before the checkpoint is written: a non-finite loss cannot be saved and must not replace the last good one.
                if (!double.IsFinite(valLoss))
                {
                    throw new TrainingDivergedException(
                        $"validation loss became {valLoss} at epoch {epoch + 1}; the last good checkpoint is kept" +
                        (o.CheckpointDirectory is { } d ? $" in {d}" : " (set CheckpointDirectory to keep checkpoints)"));
                }
                bool isBest = stopping.Observe(valLoss);
                if (isBest)
                {
                    DisposeAll(best);
                    best = Snapshot(network);
                    bestEpoch = epoch + 1;
                }
                double rate = train.Count / Math.Max(epochClock.Elapsed.TotalSeconds, 1e-9);
                var perEpoch = clock.Elapsed / (epoch + 1 - startEpoch);
                var report = new EpochReport(epoch + 1, o.MaxEpochs, trainLoss, valLoss, maeMass, maeAge, lr, rate,
                    clock.Elapsed, perEpoch * (o.MaxEpochs - epoch - 1), isBest);
                history.Add(report);
                _log(report.ToString());
                _progress?.Report(report);
                if (average is not null && epoch >= o.MaxEpochs - o.AverageLastEpochs) average.Add(network);
                checkpoints?.Save(network, optimizer, generator, new TrainingCheckpoint.State(epoch + 1, history, stopping.Best, stopping.Waited, bestEpoch), best, average);
            }
            if (!stoppedEarly && stopping.ShouldStop && history.Count < o.MaxEpochs) stoppedEarly = true;
            if (best is null) throw new InvalidOperationException("training finished without a single completed epoch");
            var (averaged, keptLoss) = KeepBestOrAverage(network, best, stopping.Best, bestEpoch, average, train, validation, batch, scaling, loss);
            scaling?.FoldInto(network);
            return new TrainingHistory(history, bestEpoch, keptLoss, stoppedEarly, train.Count, validation.Count, skipped, averaged);
        }
        finally
        {
            network.UseRandomSource(null);
            DisposeAll(best);
            average?.Dispose();
        }
    }

    /// <summary>
    /// Loads the weight average when it validates at least as well as the best epoch, else the best epoch's weights.
    /// Returns the number of epochs averaged (0 when the best epoch is kept) and the kept weights' validation loss.
    /// </summary>
    private (int Averaged, double Loss) KeepBestOrAverage(StarNetwork network, Dictionary<string, Tensor> best, double bestLoss, int bestEpoch,
        WeightAverage? average, StarRowCache train, StarRowCache validation, BatchTensors batch, TargetScaling? scaling, TwoTargetLoss loss)
    {
        if (average is not { Count: > 0 })
        {
            network.load_state_dict(best);
            return (0, bestLoss);
        }
        network.load_state_dict(new Dictionary<string, Tensor>(average.Weights));
        if (_options.RecalibrateBatchNorm) BatchNormRecalibration.Run(network, train, batch, _options.BatchSize, _device, _cancellation);
        var (averageLoss, maeMass, maeAge) = Evaluate(network, validation, batch, scaling, loss);
        bool keep = averageLoss <= bestLoss;
        _log(FormattableString.Invariant(
            $"weights averaged over the last {average.Count} epochs: validation loss {averageLoss:0.0000} (MAE mass {maeMass:0.0000} Msun, age {maeAge:0.0000} Gyr) against {bestLoss:0.0000} at epoch {bestEpoch}; keeping {(keep ? "the average" : $"epoch {bestEpoch}")}"));
        if (keep) return (average.Count, averageLoss);
        network.load_state_dict(best);
        return (0, bestLoss);
    }

    /// <summary>
    /// Adam moves each parameter by about the learning rate per step whatever its gradient, so the log-variance layer's
    /// bias, which must travel from the labels' variance (log 1 in z-scores) to the residuals' (about log 0.2) and beyond,
    /// would need thousands of steps at the network's rate: that layer gets <see cref="SPFusionTrainer.Options.LogVarianceLearningRateScale"/>
    /// times it. Parameters come in <c>named_parameters</c> order, which is <c>parameters</c>' order.
    /// </summary>
    private static double[]? LearningRateScales(StarNetwork network, SPFusionTrainer.Options o)
    {
        if (network.LogVarianceLayer is null) return null;
        return [.. network.named_parameters().Select(p => p.name.StartsWith("classification_head.log_variance.", StringComparison.Ordinal) ? o.LogVarianceLearningRateScale : 1.0)];
    }

    /// <summary>
    /// The recipe's loss; Huber thresholds are <see cref="SPFusionTrainer.Options.HuberDelta"/> training-label standard
    /// deviations. The Gaussian likelihood's terms are weighted by the loss weights times the training labels' variance:
    /// its gradient on a prediction is r/sigma^2 where the squared error's is 2r, so at the start (sigma = the labels'
    /// spread) this weighting gives each target the emphasis the weighted squared error gives it. The weights alone
    /// (100:1) would favour mass 80 times more than the squared error does on the synthetic survey, whose age variance
    /// is 80 times its mass variance in these units: measured on its 3-fold run, age MAE 1.12 Gyr against 0.97.
    /// </summary>
    private static TwoTargetLoss LossFor(SPFusionTrainer.Options o, StarRowCache train)
    {
        if (o.Network.PredictVariance)
        {
            var labels = train.LabelMoments();
            return TwoTargetLoss.GaussianLikelihood(o.MassLossWeight * labels.MassSpread * labels.MassSpread, o.AgeLossWeight * labels.AgeSpread * labels.AgeSpread);
        }
        if (o.HuberDelta <= 0) return new TwoTargetLoss(o.MassLossWeight, o.AgeLossWeight);
        var m = train.LabelMoments();
        // A constant label has no spread to scale by: its threshold is the delta itself, in the label's unit.
        return new TwoTargetLoss(o.MassLossWeight, o.AgeLossWeight, (o.HuberDelta * m.MassSpread, o.HuberDelta * m.AgeSpread));
    }

    private double TrainEpoch(StarNetwork network, AdamOptimizer optimizer, StarRowCache train, BatchTensors batch, int[] order, int epoch, TargetScaling? scaling,
        TwoTargetLoss lossFunction)
    {
        network.train();
        // The shuffle depends only on (seed, epoch), so a resumed run sees the same order.
        for (int i = 0; i < order.Length; i++) order[i] = i;
        new Random(SeedMix.Combine(_options.Seed, epoch, 0x5f3759df)).Shuffle(order);
        double total = 0;
        int batches = 0;
        for (int start = 0; start < order.Length; start += _options.BatchSize)
        {
            _cancellation.ThrowIfCancellationRequested();
            int n = Math.Min(_options.BatchSize, order.Length - start);
            using var scope = NewDisposeScope();
            var (photometric, spectrum, targets) = batch.Load(train, order.AsSpan(start, n), _device);
            if (_options.AugmentImages) photometric = ImageAugmentation.Apply(photometric, _options.Seed, epoch, batches);
            using var output = network.forward(photometric, spectrum);
            var loss = lossFunction.Compute(Physical(output.Prediction, scaling), targets, PhysicalLogVariance(output.LogVariance, scaling));
            double value = loss.item<float>();
            if (!double.IsFinite(value))
            {
                throw new TrainingDivergedException(
                    $"training loss became {value} at epoch {epoch + 1}, batch {batches + 1}; the last good checkpoint is kept" +
                    (_options.CheckpointDirectory is { } d ? $" in {d}" : " (set CheckpointDirectory to keep checkpoints)"));
            }
            optimizer.ZeroGrad();
            loss.backward();
            optimizer.Step();
            total += value * n;
            batches++;
        }
        return total / order.Length;
    }

    private (double Loss, double MaeMass, double MaeAge) Evaluate(StarNetwork network, StarRowCache validation, BatchTensors batch, TargetScaling? scaling,
        TwoTargetLoss loss)
    {
        network.eval();
        var sums = default(TwoTargetLoss.BatchSums);
        var indices = new int[Math.Min(_options.BatchSize, validation.Count)];
        using (no_grad())
        {
            for (int start = 0; start < validation.Count; start += _options.BatchSize)
            {
                _cancellation.ThrowIfCancellationRequested();
                int n = Math.Min(_options.BatchSize, validation.Count - start);
                for (int i = 0; i < n; i++) indices[i] = start + i;
                using var scope = NewDisposeScope();
                var (photometric, spectrum, targets) = batch.Load(validation, indices.AsSpan(0, n), _device);
                using var output = network.forward(photometric, spectrum);
                sums += loss.Sums(Physical(output.Prediction, scaling), targets, PhysicalLogVariance(output.LogVariance, scaling));
            }
        }
        int count = validation.Count;
        return (loss.FromSums(sums, count), sums.AbsMass / count, sums.AbsAge / count);
    }

    private static Tensor Physical(Tensor prediction, TargetScaling? scaling) => scaling?.ToPhysical(prediction) ?? prediction;

    private static Tensor? PhysicalLogVariance(Tensor? logVariance, TargetScaling? scaling) =>
        logVariance is null ? null : scaling?.ToPhysicalLogVariance(logVariance) ?? logVariance;

    internal static Dictionary<string, Tensor> Snapshot(nn.Module network) =>
        network.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().cpu().clone());

    internal static void DisposeAll(Dictionary<string, Tensor>? tensors)
    {
        if (tensors is null) return;
        foreach (var t in tensors.Values) t.Dispose();
    }
}
