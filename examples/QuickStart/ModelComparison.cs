using Microsoft.ML;
using SPFusion.ML.Evaluation;
using SPFusion.ML.MLNet;
using SPFusion.ML.Network;
using SPFusion.ML.Training;

namespace SPFusion.Examples.QuickStart;

/// <summary>Cross-validates SPFusion and the spectrum-only ConvNeXt 1D baseline on the same folds.</summary>
internal static class ModelComparison
{
    /// <summary>
    /// From random weights: the small-survey preset (standardised targets, no dropout; the published recipe collapses to
    /// the label means on a few hundred stars). Fine-tuning the published weights: the published recipe with a new output
    /// layer, since synthetic labels and spectra are not the release's.
    /// </summary>
    public static SPFusionTrainer.Options TrainerOptions(QuickStartOptions o, string? initialWeights, NetworkVariant variant)
    {
        var recipe = SPFusionTrainer.Options.For(initialWeights is null ? TrainingPreset.SmallSurvey : TrainingPreset.Published);
        return recipe with
        {
            InitialWeights = initialWeights,
            ResetOutputLayer = initialWeights is not null,
            Network = recipe.Network with { Variant = variant },
            MaxEpochs = o.Epochs,
            // One cosine cycle over the run: a warm restart inside a short run throws it back just before it ends.
            SchedulePeriod = o.Epochs,
            BatchSize = o.BatchSize,
            Seed = o.Seed,
            NumberOfThreads = Environment.ProcessorCount,
        };
    }

    public static TwoTargetCrossValidationResult CrossValidate(MLContext ml, IDataView data, QuickStartOptions o, string? initialWeights, NetworkVariant variant, string label, RunProgress progress)
    {
        Console.WriteLine($"{label}: {o.Folds}-fold cross-validation, {o.Epochs} epochs per fold");
        // SPFusion's fold models also output the SE channel attention: the kept one draws the paper's heatmap.
        var options = TrainerOptions(o, initialWeights, variant) with { OutputChannelAttention = variant == NetworkVariant.SPFusion };
        var trainer = ml.Regression.Trainers.SPFusion(ml, options, progress.For($"{label} fold", o.Folds));
        return ml.Regression.CrossValidateTwoTargets(ml, data, trainer, o.Folds, seed: o.Seed,
            onFold: f => Console.WriteLine($"{label}: fold {f.Fold} done: MAE mass {f.Metrics.Mass.MeanAbsoluteError:0.0000} Msun, age {f.Metrics.Age.MeanAbsoluteError:0.0000} Gyr"));
    }
}
