using Microsoft.ML;
using Microsoft.ML.Data;
using SPFusion.ML;
using SPFusion.ML.Evaluation;
using SPFusion.ML.MLNet;
using SPFusion.ML.Training;
using SPFusion.Tests.Support;
using SPFusion.Transforms;
using TorchSharp;
using static TorchSharp.torch;

namespace SPFusion.Tests.Training;

/// <summary>Standardised targets: the scaling folds into the output layer exactly, and the small-survey preset uses it.</summary>
[Collection(TorchGlobalStateCollection.Name)]
public class TargetScalingTests
{
    private static readonly LabelMoments Moments = new(MeanMass: 1.25, MeanAge: 4.9, StdMass: 0.26, StdAge: 2.4);

    [Fact]
    public void FoldingTheScalingIntoTheOutputLayerGivesTheTrainingTimePredictions()
    {
        manual_seed(3);
        using var layer = nn.Linear(32, 2);
        using var features = randn(5, 32);
        using var scaling = TargetScaling.For(Moments, CPU);
        using var z = layer.forward(features);
        using var expected = scaling.ToPhysical(z);

        scaling.FoldInto(layer);
        using var folded = layer.forward(features);
        Assert.True(allclose(folded, expected, rtol: 1e-5, atol: 1e-5), "the folded layer does not predict the training-time physical values");
        // Column 0 is mass: its spread is the mass std, not the age's.
        using var direct = z * tensor(new[] { 0.26f, 2.4f }) + tensor(new[] { 1.25f, 4.9f });
        Assert.True(allclose(folded, direct, rtol: 1e-5, atol: 1e-5));
    }

    [Fact]
    public void UnfoldingALayerThatPredictsPhysicalUnitsKeepsItsPredictions()
    {
        manual_seed(4);
        using var layer = nn.Linear(32, 2);
        using var features = randn(5, 32);
        using var before = layer.forward(features);
        using var scaling = TargetScaling.For(Moments, CPU);

        scaling.UnfoldFrom(layer);
        using var z = layer.forward(features);
        using var physical = scaling.ToPhysical(z);
        Assert.True(allclose(physical, before, rtol: 1e-5, atol: 1e-5), "fine-tuning would not start from the loaded predictions");
    }

    [Fact]
    public void AConstantLabelIsNotDividedByZero()
    {
        using var scaling = TargetScaling.For(Moments with { StdAge = 0 }, CPU);
        using var z = tensor(new[] { 1f, 1f }).reshape(1, 2);
        using var physical = scaling.ToPhysical(z);
        Assert.Equal(4.9f + 1f, physical[0, 1].item<float>(), 5);
    }

    [Fact]
    public void TheModelOfAStandardisedRunPredictsWhatTheBestEpochReported()
    {
        var ml = new MLContext(seed: 1);
        var train = ml.Data.LoadFromEnumerable(LearnableStars.Create(24, seed: 21));
        var validation = ml.Data.LoadFromEnumerable(LearnableStars.Create(12, seed: 22));
        var log = new List<string>();
        ml.Log += (_, e) => { lock (log) log.Add(e.RawMessage); };
        var options = SPFusionTrainer.Options.For(TrainingPreset.SmallSurvey) with
        {
            MaxEpochs = 2,
            BatchSize = 8,
            Seed = 5,
            NumberOfThreads = 2,
            Device = TrainingDevice.Cpu,
            ValidationData = validation,
        };
        using var model = ml.Regression.Trainers.SPFusion(ml, options).Fit(train);

        lock (log)
        {
            Assert.Contains(log, l => l.StartsWith("targets standardised for training: mass ", StringComparison.Ordinal));
            Assert.DoesNotContain(log, l => l.StartsWith("output bias set", StringComparison.Ordinal));
        }
        var best = model.History.Epochs[model.History.BestEpoch - 1];
        var metrics = TwoTargetEvaluator.Evaluate(model.Transform(validation));
        Assert.Equal(best.ValidationMaeMass, metrics.Mass.MeanAbsoluteError, 4);
        Assert.Equal(best.ValidationMaeAge, metrics.Age.MeanAbsoluteError, 3);
    }

    [Fact]
    public void TheSmallSurveyPresetStandardisesTargetsAndDropsNothingOnThePublishedLayout()
    {
        var preset = SPFusionTrainer.Options.For(TrainingPreset.SmallSurvey);
        Assert.True(preset.StandardizeTargets);
        Assert.True(preset.StandardizeSpectra);
        Assert.Equal((0.0, 0.0, 0.0), (preset.Network.Dropout, preset.Network.DropPath, preset.Network.ConvNeXtDropout));
        Assert.True(preset.Network.HasPublishedLayout);
        Assert.False((preset.Network with { UseStarOperator = false }).HasPublishedLayout);
        // Everything else is the authors' recipe.
        var published = SPFusionTrainer.Options.For(TrainingPreset.Published);
        Assert.Equal(new SPFusionTrainer.Options(), published);
        Assert.Equal(published with { StandardizeTargets = true, StandardizeSpectra = true, RecalibrateBatchNorm = true, ValidationFraction = 0.15, LearningRate = 5e-4, AugmentImages = true, Network = preset.Network }, preset);
    }

    [Fact]
    public void ThePresetFineTunesThePublishedWeightsDespiteItsDropoutRates()
    {
        var ml = new MLContext(seed: 1);
        var rows = ml.Data.LoadFromEnumerable(LearnableStars.Create(20, seed: 23));
        var options = SPFusionTrainer.Options.For(TrainingPreset.SmallSurvey) with
        {
            MaxEpochs = 1,
            BatchSize = 8,
            Seed = 5,
            NumberOfThreads = 2,
            Device = TrainingDevice.Cpu,
            InitialWeights = TestPaths.PublishedOnnx,
        };
        using var model = ml.Regression.Trainers.SPFusion(ml, options).Fit(rows);
        Assert.All(model.Transform(rows).GetColumn<float>(SPFusionColumns.PredictedMass), m => Assert.True(float.IsFinite(m)));
    }
}
