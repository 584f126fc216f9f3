using Microsoft.ML;
using SPFusion.ML.Training;

namespace SPFusion.Cli.CommandLine;

/// <summary>Training options shared by <c>train</c> and <c>cv</c>; unset options keep the authors' recipe.</summary>
internal static class TrainingArguments
{
    public const string Usage =
        "  --preset P            published (default: the authors' recipe) or small-survey (from random weights on a few\n" +
        "                        hundred to a few thousand stars: standardised targets, no dropout); flags below override it\n" +
        "  --epochs N            epoch budget (default 150)\n" +
        "  --batch-size N        mini-batch (default 32)\n" +
        "  --lr X                Adam learning rate (default 1e-3)\n" +
        "  --patience N          early-stopping patience (default 40)\n" +
        "  --seed N              seed (default 42)\n" +
        "  --initial-weights F   fine-tune from published (the shipped authors' weights), an .onnx (with --model convnext1d: its spectral extractor) or a checkpoint\n" +
        "  --reset-output-layer  with --initial-weights: a new final layer (bias at the label means) for new labels or data\n" +
        "  --threads N           CPU threads for TorchSharp, at most the number of cores\n" +
        "  --force-threads       allow --threads above the number of cores\n" +
        "  --device D            auto (default), cpu or cuda\n" +
        "  --weights FILE        also save the best weights as a TorchSharp checkpoint (for --initial-weights, export-onnx)\n" +
        "  --checkpoints DIR     write per-epoch checkpoints; with --resume continue from them\n" +
        "  --skip-invalid        skip rows with NaN/inf values (listed) instead of failing\n" +
        "  --standardize-targets train the output layer on z-scored labels, folded back afterwards (default off)\n" +
        "  --precise-bn          recompute batch-norm statistics on the training rows after each epoch (default off)\n" +
        "  --period N            cosine warm-restart period in epochs (default 20)\n" +
        "  --weight-decay X      Adam weight decay (default 1e-4)\n" +
        "  --dropout X           feed-forward dropout (default 0.3)\n" +
        "  --drop-path X         drop-path on the fusion output and attention map (default 0.3)\n" +
        "  --convnext-dropout X  dropout inside the ConvNeXt blocks (default 0.2)\n" +
        NetworkArguments.Usage;

    public static SPFusionTrainer.Options Parse(CliArguments args, MLContext context, TextWriter log)
    {
        var o = SPFusionTrainer.Options.For(args.String("preset") switch
        {
            null or "published" => TrainingPreset.Published,
            "small-survey" => TrainingPreset.SmallSurvey,
            var other => throw new CliUsageException($"--preset must be published or small-survey, got '{other}'"),
        });
        // The trainer's own lines (device, output bias, one per epoch, skipped rows); ML.NET's internal messages stay out.
        context.Log += (_, e) =>
        {
            if (e.Source.StartsWith("SPFusion", StringComparison.Ordinal) && e.Kind == Microsoft.ML.Runtime.ChannelMessageKind.Info)
            {
                lock (log) log.WriteLine(e.RawMessage);
            }
        };
        // The preset's dropout rates stay unless a flag below overrides them; the variant and ablation flags apply on top.
        var network = NetworkArguments.Read(args, out _);
        o = o with { Network = network with { Dropout = o.Network.Dropout, DropPath = o.Network.DropPath, ConvNeXtDropout = o.Network.ConvNeXtDropout } };
        if (args.IntAtLeast("epochs", 1) is { } epochs) o = o with { MaxEpochs = epochs };
        if (args.IntAtLeast("batch-size", 1) is { } batch) o = o with { BatchSize = batch };
        if (args.Positive("lr") is { } lr) o = o with { LearningRate = lr };
        if (args.IntAtLeast("patience", 1) is { } patience) o = o with { EarlyStoppingPatience = patience };
        if (args.IntAtLeast("seed", 0) is { } seed) o = o with { Seed = seed };
        if (args.String("initial-weights") is { } weights) o = o with { InitialWeights = PublishedModel.Resolve(weights) };
        if (Threads(args) is { } threads) o = o with { NumberOfThreads = threads };
        if (args.String("weights") is { } save) o = o with { SaveWeightsTo = save };
        if (args.String("checkpoints") is { } checkpoints) o = o with { CheckpointDirectory = checkpoints };
        if (args.Flag("resume")) o = o with { Resume = true };
        if (args.Flag("reset-output-layer")) o = o with { ResetOutputLayer = true };
        if (args.Flag("skip-invalid")) o = o with { InvalidRows = InvalidRowHandling.Skip };
        if (args.Flag("standardize-targets")) o = o with { StandardizeTargets = true };
        if (args.Flag("precise-bn")) o = o with { RecalibrateBatchNorm = true };
        if (args.IntAtLeast("period", 1) is { } period) o = o with { SchedulePeriod = period };
        if (args.NonNegative("weight-decay") is { } decay) o = o with { WeightDecay = decay };
        if (args.Fraction("dropout") is { } dropout) o = o with { Network = o.Network with { Dropout = dropout } };
        if (args.Fraction("drop-path") is { } dropPath) o = o with { Network = o.Network with { DropPath = dropPath } };
        if (args.Fraction("convnext-dropout") is { } convNeXtDropout) o = o with { Network = o.Network with { ConvNeXtDropout = convNeXtDropout } };
        if (args.String("device") is { } device)
        {
            o = o with
            {
                Device = device switch
                {
                    "auto" => TrainingDevice.Auto,
                    "cpu" => TrainingDevice.Cpu,
                    "cuda" => TrainingDevice.Cuda,
                    _ => throw new CliUsageException($"--device must be auto, cpu or cuda, got '{device}'"),
                },
            };
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
    private static int? Threads(CliArguments args)
    {
        int? threads = args.IntAtLeast("threads", 1);
        bool force = args.Flag("force-threads");
        int cores = Environment.ProcessorCount;
        if (threads > cores && !force)
            throw new CliUsageException(CliArguments.Range("threads", $"must be between 1 and {cores} (the number of cores; add --force-threads to use more)", threads));
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
    };
}
