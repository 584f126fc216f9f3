using Microsoft.ML;
using SPFusion.ML.Training;

namespace SPFusion.Cli.CommandLine;

/// <summary>Training options shared by <c>train</c> and <c>cv</c>; unset options keep the authors' recipe.</summary>
internal static class TrainingArguments
{
    public const string Usage =
        "  --epochs N            epoch budget (default 150)\n" +
        "  --batch-size N        mini-batch (default 32)\n" +
        "  --lr X                Adam learning rate (default 1e-3)\n" +
        "  --patience N          early-stopping patience (default 40)\n" +
        "  --seed N              seed (default 42)\n" +
        "  --initial-weights F   fine-tune from published (the shipped authors' weights), an .onnx (with --model convnext1d: its spectral extractor) or a checkpoint\n" +
        "  --reset-output-layer  with --initial-weights: a new final layer (bias at the label means) for new labels or data\n" +
        "  --threads N           CPU threads for TorchSharp\n" +
        "  --device D            auto (default), cpu or cuda\n" +
        "  --weights FILE        also save the best weights as a TorchSharp checkpoint (for --initial-weights, export-onnx)\n" +
        "  --checkpoints DIR     write per-epoch checkpoints; with --resume continue from them\n" +
        "  --skip-invalid        skip rows with NaN/inf values (listed) instead of failing\n" +
        NetworkArguments.Usage;

    public static SPFusionTrainer.Options Parse(CliArguments args, MLContext context, TextWriter log)
    {
        var o = new SPFusionTrainer.Options { Context = context };
        // The trainer's own lines (device, output bias, one per epoch, skipped rows); ML.NET's internal messages stay out.
        context.Log += (_, e) =>
        {
            if (e.Source.StartsWith("SPFusion", StringComparison.Ordinal) && e.Kind == Microsoft.ML.Runtime.ChannelMessageKind.Info)
            {
                lock (log) log.WriteLine(e.RawMessage);
            }
        };
        o = o with { Network = NetworkArguments.Read(args, out _) };
        if (args.Int("epochs") is { } epochs) o = o with { MaxEpochs = epochs };
        if (args.Int("batch-size") is { } batch) o = o with { BatchSize = batch };
        if (args.Double("lr") is { } lr) o = o with { LearningRate = lr };
        if (args.Int("patience") is { } patience) o = o with { EarlyStoppingPatience = patience };
        if (args.Int("seed") is { } seed) o = o with { Seed = seed };
        if (args.String("initial-weights") is { } weights) o = o with { InitialWeights = PublishedModel.Resolve(weights) };
        if (args.Int("threads") is { } threads) o = o with { NumberOfThreads = threads };
        if (args.String("weights") is { } save) o = o with { SaveWeightsTo = save };
        if (args.String("checkpoints") is { } checkpoints) o = o with { CheckpointDirectory = checkpoints };
        if (args.Flag("resume")) o = o with { Resume = true };
        if (args.Flag("reset-output-layer")) o = o with { ResetOutputLayer = true };
        if (args.Flag("skip-invalid")) o = o with { InvalidRows = InvalidRowHandling.Skip };
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
            throw new CliUsageException(ex.Message);
        }
        return o;
    }
}
