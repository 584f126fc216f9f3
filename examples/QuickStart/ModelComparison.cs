using Microsoft.ML;
using SPFusion.ML.Evaluation;
using SPFusion.ML.MLNet;
using SPFusion.ML.Network;
using SPFusion.ML.Training;

namespace SPFusion.Examples.QuickStart;

/// <summary>Cross-validates SPFusion and the spectrum-only ConvNeXt 1D baseline on the same folds.</summary>
internal static class ModelComparison
{
    public static SPFusionTrainer.Options TrainerOptions(QuickStartOptions o, string? initialWeights, NetworkVariant variant, string label) => new()
    {
        InitialWeights = initialWeights,
        // Synthetic labels and spectra are not the release's: keep its features, start a new output layer at the label means.
        ResetOutputLayer = initialWeights is not null,
        Network = NetworkOptions.Published with { Variant = variant },
        MaxEpochs = o.Epochs,
        BatchSize = o.BatchSize,
        Seed = o.Seed,
        NumberOfThreads = Environment.ProcessorCount,
        Progress = new ConsoleProgress(label),
    };

    public static TwoTargetCrossValidationResult CrossValidate(MLContext ml, IDataView data, QuickStartOptions o, string? initialWeights, NetworkVariant variant, string label)
    {
        Console.WriteLine($"{label}: {o.Folds}-fold cross-validation, {o.Epochs} epochs per fold");
        var trainer = ml.Regression.Trainers.SPFusion(ml, TrainerOptions(o, initialWeights, variant, label));
        return TwoTargetCrossValidation.Run(ml, data, trainer, o.Folds, seed: o.Seed,
            onFold: f => Console.WriteLine($"{label}: fold {f.Fold} done: MAE mass {f.Metrics.Mass.MeanAbsoluteError:0.0000} Msun, age {f.Metrics.Age.MeanAbsoluteError:0.0000} Gyr"));
    }

    private sealed class ConsoleProgress(string label) : IProgress<EpochReport>
    {
        public void Report(EpochReport r) =>
            Console.WriteLine($"  {label} epoch {r.Epoch}/{r.MaxEpochs}: train {r.TrainLoss:0.000}, val {r.ValidationLoss:0.000} " +
                $"(MAE {r.ValidationMaeMass:0.000} Msun, {r.ValidationMaeAge:0.000} Gyr), {r.SamplesPerSecond:0} samples/s{(r.IsBest ? " *" : "")}");
    }
}
