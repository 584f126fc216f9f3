using System.Globalization;

namespace SPFusion.Examples.QuickStart;

/// <summary>Command-line options of the quick start.</summary>
internal sealed record QuickStartOptions
{
    /// <summary>A folder with catalog.csv (real or synthetic survey files); null synthesises one.</summary>
    public string? Data { get; init; }

    /// <summary>Stars to synthesise when no data folder is given.</summary>
    public int Stars { get; init; } = 600;

    /// <summary>Seed for synthesis, splits and training.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Epoch budget per training run (small: the quick start must finish in minutes on a CPU).</summary>
    public int Epochs { get; init; } = 20;

    /// <summary>Published ONNX weights to fine-tune from ("published": the authors' file shipped beside this program); null trains from random weights.</summary>
    public string? InitialWeights { get; init; }

    /// <summary>Mini-batch; 16 rather than the recipe's 32 gives a short run twice the optimiser steps for the same work.</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>Cross-validation folds.</summary>
    public int Folds { get; init; } = 3;

    /// <summary>Output folder for the report, plots, model and predictions.</summary>
    public string Output { get; init; } = "quickstart-output";

    public static QuickStartOptions Parse(string[] args)
    {
        var o = new QuickStartOptions();
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"option {args[i]} needs a value");
            int Int(int min = 1) => int.TryParse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) && v >= min
                ? v
                : throw new ArgumentException($"option {args[i - 1]} expects {(min == 0 ? "an integer >= 0" : "a positive integer")}");
            o = args[i] switch
            {
                "--data" => o with { Data = Value() },
                "--stars" => o with { Stars = Int() },
                "--seed" => o with { Seed = Int(min: 0) }, // 0 is as good a seed as any
                "--epochs" => o with { Epochs = Int() },
                "--batch-size" => o with { BatchSize = Int() },
                "--folds" => o with { Folds = Int() },
                "--out" => o with { Output = Value() },
                "--initial-weights" => o with { InitialWeights = Value() },
                _ => throw new ArgumentException($"unknown option {args[i]} (options: --data DIR, --stars N, --seed S, --epochs E, --batch-size B, --folds K, --out DIR, --initial-weights published|FILE.onnx)"),
            };
        }
        if (o.Folds < 2) throw new ArgumentException("--folds must be at least 2");
        return o;
    }
}
