using System.CommandLine;
using Microsoft.ML;
using SPFusion.ML.Training;

namespace SPFusion.Cli.CommandLine;

/// <summary>Training options shared by <c>train</c> and <c>cv</c>; unset options keep the authors' recipe.</summary>
internal sealed class TrainingArguments
{
    private readonly NetworkArguments _network = new();

    /// <summary>The options, in help order (the network's last).</summary>
    public IEnumerable<Symbol> Symbols =>
    [
        _preset, _epochs, _batchSize, _lr, _patience, _seed, _initialWeights, _resetOutputLayer, _threads, _forceThreads, _device,
        _weights, _checkpoints, _resume, _skipInvalid, _standardizeTargets, _standardizeSpectra, _preciseBn, _augmentImages, _averageLast, _minLr, _huber, _period, _weightDecay, _dropout, _dropPath,
        _convNeXtDropout, _massWeight, _ageWeight, _mcDropout, _varianceLrScale, _noVarianceRefit, .. _network.Symbols,
    ];

    private readonly Option<TrainingPreset?> _preset = CliOptions.Choice("--preset",
        "published (default: the authors' recipe) or small-survey (from random weights on a few hundred to a few thousand stars: " +
        "standardised targets, no dropout); the options below override it",
        ("published", TrainingPreset.Published), ("small-survey", TrainingPreset.SmallSurvey));

    private readonly Option<int?> _epochs = CliOptions.Int("--epochs", "epoch budget (default 150)", min: 1);

    private readonly Option<int?> _batchSize = CliOptions.Int("--batch-size", "mini-batch (default 32)", min: 1);

    private readonly Option<double?> _lr = CliOptions.Positive("--lr", "Adam learning rate (default 1e-3)");

    private readonly Option<int?> _patience = CliOptions.Int("--patience", "early-stopping patience (default 40)", min: 1);

    private readonly Option<int?> _seed = CliOptions.Int("--seed", "seed (default 42)", min: 0);

    private readonly Option<string?> _initialWeights = CliOptions.Text("--initial-weights", "FILE",
        "fine-tune from published (the shipped authors' weights), an .onnx (with --model convnext1d: its spectral extractor) or a checkpoint of the same --model");

    private readonly Option<bool> _resetOutputLayer = CliOptions.Flag("--reset-output-layer",
        "with --initial-weights: a new final layer (bias at the label means) for new labels or data");

    private readonly Option<int?> _threads = CliOptions.Int("--threads", "CPU threads for TorchSharp, at most the number of cores", min: 1);

    private readonly Option<bool> _forceThreads = CliOptions.Flag("--force-threads", "allow --threads above the number of cores");

    private readonly Option<TrainingDevice?> _device = CliOptions.Choice("--device", "auto (default), cpu or cuda",
        ("auto", TrainingDevice.Auto), ("cpu", TrainingDevice.Cpu), ("cuda", TrainingDevice.Cuda));

    private readonly Option<string?> _weights = CliOptions.Text("--weights", "FILE",
        "also save the best weights as a TorchSharp checkpoint (for --initial-weights, export-onnx)");

    private readonly Option<string?> _checkpoints = CliOptions.Text("--checkpoints", "DIR", "write per-epoch checkpoints; with --resume continue from them");

    private readonly Option<bool> _resume = CliOptions.Flag("--resume", "continue from the checkpoints in --checkpoints");

    private readonly Option<bool> _skipInvalid = CliOptions.Flag("--skip-invalid", "skip rows with NaN/inf values (listed) instead of failing");

    private readonly Option<bool> _standardizeTargets = CliOptions.Flag("--standardize-targets",
        "train the output layer on z-scored labels, folded back afterwards (default off)");

    private readonly Option<bool> _standardizeSpectra = CliOptions.Flag("--standardize-spectra",
        "standardise each spectrum pixel with the training rows' mean and std, exported with the network (default off; from random weights)");

    private readonly Option<bool> _preciseBn = CliOptions.Flag("--precise-bn",
        "recompute batch-norm statistics on the training rows after each epoch (default off)");

    private readonly Option<bool> _augmentImages = CliOptions.Flag("--augment-images",
        "train on randomly flipped or quarter-turned cut-outs, drawn per star and epoch from the seed (default off)");

    private readonly Option<int?> _averageLast = CliOptions.Int("--average-last",
        "keep the weight average of the last N epochs when it validates at least as well as the best epoch (default 0: the best epoch)", min: 0);

    private readonly Option<double?> _minLr = CliOptions.Positive("--min-lr", "learning rate at the end of each cosine cycle (default 1e-8)");

    private readonly Option<double?> _huber = CliOptions.NonNegative("--huber",
        "Huber loss with this threshold in training-label standard deviations per target (default 0: mean squared error)");

    private readonly Option<double?> _massWeight = CliOptions.Positive("--mass-weight",
        "weight of the mass term in the loss, in the squared error's physical units (default 100, the authors' 100:1)");

    private readonly Option<double?> _ageWeight = CliOptions.Positive("--age-weight", "weight of the age term in the loss (default 1)");

    private readonly Option<int?> _mcDropout = CliOptions.Int("--mc-dropout",
        "save the trained network as its Monte Carlo dropout graph with T passes (masks seeded with --seed), so the model gives " +
        "mass_sigma, age_sigma; needs a dropout rate above 0 (the small-survey preset has none: add --dropout)", min: 2);

    private readonly Option<double?> _varianceLrScale = CliOptions.Positive("--variance-lr-scale",
        "with --predict-variance: the log-variance layer's learning rate as a multiple of --lr (default 30)");

    private readonly Option<bool> _noVarianceRefit = CliOptions.Flag("--no-variance-refit",
        "with --predict-variance: keep the log-variance layer as trained (by default its offset and noise slope are refitted on the validation rows after training)");

    private readonly Option<int?> _period = CliOptions.Int("--period", "cosine warm-restart period in epochs (default 20)", min: 1);

    private readonly Option<double?> _weightDecay = CliOptions.NonNegative("--weight-decay", "Adam weight decay (default 1e-4)");

    private readonly Option<double?> _dropout = CliOptions.Fraction("--dropout", "feed-forward dropout (default 0.3)");

    private readonly Option<double?> _dropPath = CliOptions.Fraction("--drop-path", "drop-path on the fusion output and attention map (default 0.3)");

    private readonly Option<double?> _convNeXtDropout = CliOptions.Fraction("--convnext-dropout", "dropout inside the ConvNeXt blocks (default 0.2)");

    public SPFusionTrainer.Options Parse(ParseResult args, MLContext context, TextWriter log)
    {
        var o = SPFusionTrainer.Options.For(args.GetValue(_preset) ?? TrainingPreset.Published);
        // The trainer's own lines (device, output bias, one per epoch, skipped rows); ML.NET's internal messages stay out.
        context.Log += (_, e) =>
        {
            if (e.Source.StartsWith("SPFusion", StringComparison.Ordinal) && e.Kind == Microsoft.ML.Runtime.ChannelMessageKind.Info)
            {
                lock (log) log.WriteLine(e.RawMessage);
            }
        };
        // The preset's dropout rates stay unless a flag below overrides them; the variant and ablation flags apply on top.
        var network = _network.Read(args, out _);
        o = o with { Network = network with { Dropout = o.Network.Dropout, DropPath = o.Network.DropPath, ConvNeXtDropout = o.Network.ConvNeXtDropout } };
        if (args.GetValue(_epochs) is { } epochs) o = o with { MaxEpochs = epochs };
        if (args.GetValue(_batchSize) is { } batch) o = o with { BatchSize = batch };
        if (args.GetValue(_lr) is { } lr) o = o with { LearningRate = lr };
        if (args.GetValue(_patience) is { } patience) o = o with { EarlyStoppingPatience = patience };
        if (args.GetValue(_seed) is { } seed) o = o with { Seed = seed };
        if (args.GetValue(_initialWeights) is { } weights) o = o with { InitialWeights = PublishedModel.Resolve(weights) };
        if (Threads(args) is { } threads) o = o with { NumberOfThreads = threads };
        if (args.GetValue(_weights) is { } save) o = o with { SaveWeightsTo = save };
        if (args.GetValue(_checkpoints) is { } checkpoints) o = o with { CheckpointDirectory = checkpoints };
        if (args.GetValue(_resume)) o = o with { Resume = true };
        if (args.GetValue(_resetOutputLayer)) o = o with { ResetOutputLayer = true };
        if (args.GetValue(_skipInvalid)) o = o with { InvalidRows = InvalidRowHandling.Skip };
        if (args.GetValue(_standardizeTargets)) o = o with { StandardizeTargets = true };
        if (args.GetValue(_standardizeSpectra)) o = o with { StandardizeSpectra = true };
        if (args.GetValue(_preciseBn)) o = o with { RecalibrateBatchNorm = true };
        if (args.GetValue(_augmentImages)) o = o with { AugmentImages = true };
        if (args.GetValue(_period) is { } period) o = o with { SchedulePeriod = period };
        if (args.GetValue(_huber) is { } huber) o = o with { HuberDelta = huber };
        if (args.GetValue(_minLr) is { } minLr) o = o with { MinimumLearningRate = minLr };
        if (args.GetValue(_averageLast) is { } averageLast) o = o with { AverageLastEpochs = averageLast };
        if (args.GetValue(_weightDecay) is { } decay) o = o with { WeightDecay = decay };
        if (args.GetValue(_dropout) is { } dropout) o = o with { Network = o.Network with { Dropout = dropout } };
        if (args.GetValue(_dropPath) is { } dropPath) o = o with { Network = o.Network with { DropPath = dropPath } };
        if (args.GetValue(_convNeXtDropout) is { } convNeXtDropout) o = o with { Network = o.Network with { ConvNeXtDropout = convNeXtDropout } };
        if (args.GetValue(_massWeight) is { } massWeight) o = o with { MassLossWeight = massWeight };
        if (args.GetValue(_ageWeight) is { } ageWeight) o = o with { AgeLossWeight = ageWeight };
        if (args.GetValue(_device) is { } device) o = o with { Device = device };
        if (args.GetValue(_mcDropout) is { } passes) o = o with { MonteCarloDropoutPasses = passes };
        if (args.GetValue(_varianceLrScale) is { } varianceScale)
        {
            if (!o.Network.PredictVariance) throw new CliUsageException("--variance-lr-scale applies to the heteroscedastic head; add --predict-variance");
            o = o with { LogVarianceLearningRateScale = varianceScale };
        }
        if (args.GetValue(_noVarianceRefit))
        {
            if (!o.Network.PredictVariance) throw new CliUsageException("--no-variance-refit applies to the heteroscedastic head; add --predict-variance");
            o = o with { RefitLogVariance = false };
        }
        try
        {
            o.Validate();
        }
        catch (ArgumentException ex)
        {
            // The flags above are range-checked already; what is left names a combination, not ML.NET's property.
            string option = OptionNames.GetValueOrDefault(ex.ParamName ?? "", ex.ParamName ?? "?");
            throw new CliUsageException($"{option}: {ex.Message.Split('\n')[0].Split(" (Parameter")[0]}");
        }
        // The library leaves the host's allocator alone; this application opts in for CPU training (about a quarter of a step).
        if (o.Device != TrainingDevice.Cuda && NativeAllocatorTuning.ApplyForTraining())
            lock (log) log.WriteLine($"C heap keeps blocks up to {NativeAllocatorTuning.ThresholdBytes >> 20} MB between steps (glibc mmap/trim thresholds)");
        return o;
    }

    /// <summary>
    /// Checks the input files the options name (weights to start from) before any data is read, so a missing file is
    /// refused at once instead of after the dataset was scanned.
    /// </summary>
    public static void CheckInputs(SPFusionTrainer.Options options)
    {
        if (options.InitialWeights is { } weights) InputFile.Require("--initial-weights", weights);
        if (options.Resume && options.CheckpointDirectory is { } dir && !Directory.Exists(dir))
            throw new IOException($"--checkpoints {Transforms.Datasets.UserText.Clip(dir)}: folder not found; --resume continues from an earlier run's checkpoints");
    }

    /// <summary>
    /// --threads: more threads than cores made one epoch take 20 times longer (oversubscribed intra-op pools), so more
    /// than the core count needs --force-threads.
    /// </summary>
    private int? Threads(ParseResult args)
    {
        int? threads = args.GetValue(_threads);
        bool force = args.GetValue(_forceThreads);
        int cores = Environment.ProcessorCount;
        if (threads > cores && !force)
            throw new CliUsageException(CliOptions.Range("--threads", $"must be between 1 and {cores} (the number of cores; add --force-threads to use more)", threads));
        return threads;
    }

    private static readonly Dictionary<string, string> OptionNames = new(StringComparer.Ordinal)
    {
        [nameof(SPFusionTrainer.Options.Resume)] = "--resume",
        [nameof(SPFusionTrainer.Options.NumberOfThreads)] = "--threads",
        [nameof(SPFusionTrainer.Options.MaxEpochs)] = "--epochs",
        [nameof(SPFusionTrainer.Options.BatchSize)] = "--batch-size",
        [nameof(SPFusionTrainer.Options.LearningRate)] = "--lr",
        [nameof(SPFusionTrainer.Options.EarlyStoppingPatience)] = "--patience",
        [nameof(SPFusionTrainer.Options.SchedulePeriod)] = "--period",
        [nameof(SPFusionTrainer.Options.AverageLastEpochs)] = "--average-last",
        [nameof(SPFusionTrainer.Options.MinimumLearningRate)] = "--min-lr",
        [nameof(SPFusionTrainer.Options.HuberDelta)] = "--huber",
        [nameof(SPFusionTrainer.Options.MonteCarloDropoutPasses)] = "--mc-dropout",
        [nameof(SPFusionTrainer.Options.MassLossWeight)] = "--mass-weight",
        [nameof(SPFusionTrainer.Options.AgeLossWeight)] = "--age-weight",
    };
}
