using System.CommandLine;
using Microsoft.ML;
using SPFusion.Cli.CommandLine;
using SPFusion.ML.Evaluation;
using SPFusion.ML.Network;
using SPFusion.ML.Training;

namespace SPFusion.Cli.Comparison;

/// <summary>The options compare and ablate share: data, folds, output, and what applies to every model's recipe.</summary>
internal sealed class ComparisonArguments
{
    /// <summary>The options, in help order.</summary>
    public IEnumerable<Symbol> Symbols => [Data, Out, Folds, Preset, Epochs, Patience, Seed, Recipe, Threads, Device];

    public Option<string?> Data { get; } = CliOptions.Text("--data", "DIR", "dataset in the authors' layout (spfusion prepare writes it; with --folds K its fold folders are used)", required: true);

    public Option<string?> Out { get; } = CliOptions.Text("--out", "DIR",
        "tables (Markdown, JSON), figures (PNG), runs/KEY-foldK.json per finished model × fold (reused by a rerun with the same recipe and data) and weights/", required: true);

    public Option<int?> Folds { get; } = CliOptions.Int("--folds",
        "uses DIR/fold1..K when spfusion prepare --folds K wrote them (--folds, if given, must be K); otherwise ML.NET's split into --folds (default 3)", min: 2);

    public Option<TrainingPreset?> Preset { get; } = CliOptions.Choice("--preset",
        "published (default) or small-survey (random weights on a few hundred stars: standardised targets and spectra, no dropout) for every model",
        ("published", TrainingPreset.Published), ("small-survey", TrainingPreset.SmallSurvey));

    public Option<int?> Epochs { get; } = CliOptions.Int("--epochs", "epoch budget of every model (default 150)", min: 1);

    public Option<int?> Patience { get; } = CliOptions.Int("--patience", "early-stopping patience of every model (default 40)", min: 1);

    public Option<int?> Seed { get; } = CliOptions.Int("--seed", "seed of the fold split, initialisation and batches (default 42)", min: 0);

    public Option<string?> Recipe { get; } = CliOptions.Text("--recipe", "FILE.json",
        "per-model overrides, e.g. {\"racnet\": {\"learningRate\": 3e-4, \"batchSize\": 32, \"maxEpochs\": 60}}; applied last");

    public Option<int?> Threads { get; } = CliOptions.Int("--threads", "CPU threads for TorchSharp (default libtorch's)", min: 1);

    public Option<TrainingDevice?> Device { get; } = CliOptions.Choice("--device", "auto (default), cpu or cuda",
        ("auto", TrainingDevice.Auto), ("cpu", TrainingDevice.Cpu), ("cuda", TrainingDevice.Cuda));

    /// <summary>The default recipe of one model with the command-wide options applied (the recipe file comes after).</summary>
    public SPFusionTrainer.Options RecipeFor(ParseResult args, NetworkOptions network)
    {
        var o = ComparisonRecipes.Default(network, args.GetValue(Preset) ?? TrainingPreset.Published);
        if (args.GetValue(Epochs) is { } epochs) o = o with { MaxEpochs = epochs };
        if (args.GetValue(Patience) is { } patience) o = o with { EarlyStoppingPatience = patience };
        if (args.GetValue(Seed) is { } seed) o = o with { Seed = seed };
        if (args.GetValue(Threads) is { } threads) o = o with { NumberOfThreads = threads };
        if (args.GetValue(Device) is { } device) o = o with { Device = device };
        return o;
    }

    /// <summary>Checks the finished recipe, naming the model whose recipe is wrong.</summary>
    public static void Validate(ComparisonModel model)
    {
        try
        {
            model.Options.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new CliUsageException($"recipe of {model.Name}: {ex.Message.Split('\n')[0].Split(" (Parameter")[0]} ({ex.ParamName})");
        }
    }

    /// <summary>The context, folds and output folder, checked before anything trains.</summary>
    public (MLContext Ml, ComparisonFolds Folds, string Out) Open(ParseResult args)
    {
        string data = args.GetValue(Data)!;
        string output = args.GetValue(Out)!;
        int seed = args.GetValue(Seed) ?? 42;
        var ml = new MLContext(seed: seed);
        var folds = ComparisonFolds.Open(ml, data, args.GetValue(Folds), seed);
        if (File.Exists(output)) throw new CliUsageException($"--out {output} is a file; give a folder");
        new OutputPath().InputFolder("--data", data).InputFile("--recipe", args.GetValue(Recipe)).CheckNotInput("--out", output);
        Directory.CreateDirectory(output);
        return (ml, folds, output);
    }
}
