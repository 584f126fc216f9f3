using System.CommandLine;
using System.CommandLine.Invocation;
using SPFusion.Cli.CommandLine;

namespace SPFusion.Examples.QuickStart;

/// <summary>Command-line options of the quick start.</summary>
internal sealed record QuickStartOptions
{
    /// <summary>A folder with catalog.csv (real or synthetic survey files); null synthesises one.</summary>
    public string? Data { get; init; }

    /// <summary>Stars to synthesise when no data folder is given.</summary>
    public int Stars { get; init; } = 1000;

    /// <summary>Seed for synthesis, splits and training.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Epoch budget per training run (small: the quick start must finish in minutes on a CPU).</summary>
    public int Epochs { get; init; } = 12;

    /// <summary>Published ONNX weights to fine-tune from ("published": the authors' file shipped beside this program); null trains from random weights.</summary>
    public string? InitialWeights { get; init; }

    /// <summary>Mini-batch; 16 rather than the recipe's 32 gives a short run twice the optimiser steps for the same work.</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>Cross-validation folds.</summary>
    public int Folds { get; init; } = 3;

    /// <summary>Output folder for the report, plots, model and predictions.</summary>
    public string Output { get; init; } = "quickstart-output";

    /// <summary>
    /// The options from <paramref name="args"/>, parsed by System.CommandLine as the spfusion tool parses its own; null when
    /// <c>--help</c> (or <c>--version</c>) was given and answered.
    /// </summary>
    /// <exception cref="ArgumentException">Bad options; the message is one line naming the option as typed.</exception>
    public static QuickStartOptions? Parse(string[] args)
    {
        var defaults = new QuickStartOptions();
        var data = CliOptions.Text("--data", "DIR", "a folder with catalog.csv (real or synthetic survey files); default: synthesise one");
        var stars = CliOptions.Int("--stars", $"stars to synthesise when no --data is given (default {defaults.Stars})", min: 1);
        var seed = CliOptions.Int("--seed", $"seed for synthesis, splits and training (default {defaults.Seed})", min: 0); // 0 is as good a seed as any
        var epochs = CliOptions.Int("--epochs", $"epoch budget per training run (default {defaults.Epochs})", min: 1);
        var batchSize = CliOptions.Int("--batch-size", $"mini-batch (default {defaults.BatchSize})", min: 1);
        var folds = CliOptions.Int("--folds", $"cross-validation folds (default {defaults.Folds})", min: 2);
        var output = CliOptions.Text("--out", "DIR", $"output folder for the report, plots, model and predictions (default {defaults.Output})");
        var initialWeights = CliOptions.Text("--initial-weights", "published|FILE.onnx",
            "fine-tune from the published ONNX weights (published: the authors' file shipped beside this program); default: random weights");
        var root = new RootCommand("SPFusion quick start: raw survey files -> ML.NET -> cross-validation, table, plots, model.zip, predictions")
        {
            data, stars, seed, epochs, batchSize, folds, output, initialWeights,
        };
        var parsed = root.Parse(args);
        if (parsed.Action is not (null or ParseErrorAction))
        {
            parsed.Invoke();
            return null;
        }
        if (ParseErrors.First(parsed, root) is { } usage) throw new ArgumentException($"{usage} ({ParseErrors.Synopsis("QuickStart", root)})");
        return new QuickStartOptions
        {
            Data = parsed.GetValue(data),
            Stars = parsed.GetValue(stars) ?? defaults.Stars,
            Seed = parsed.GetValue(seed) ?? defaults.Seed,
            Epochs = parsed.GetValue(epochs) ?? defaults.Epochs,
            BatchSize = parsed.GetValue(batchSize) ?? defaults.BatchSize,
            Folds = parsed.GetValue(folds) ?? defaults.Folds,
            Output = parsed.GetValue(output) ?? defaults.Output,
            InitialWeights = parsed.GetValue(initialWeights),
        };
    }
}
