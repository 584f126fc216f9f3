using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using SPFusion.ML.Evaluation;
using SPFusion.ML.MLNet;
using SPFusion.ML.Network;
using SPFusion.ML.Training;
using SPFusion.Tests.Support;

namespace SPFusion.Tests.Evaluation.Comparison;

/// <summary>
/// <c>mlContext.Regression.CompareTwoTargets</c> on 16 synthetic stars, 2 folds, 1 epoch: every model × fold's metrics
/// are those of the fold's test stars, and equal to training and evaluating that fold's model directly; the summaries are
/// the folds' mean and sample std; the Markdown has Table 2's rows; progress says model k of n, fold, epoch and ETA.
/// In the libtorch collection because it compares two trainings for equality (nothing else may change the process's
/// thread count meanwhile).
/// </summary>
[Collection(TorchGlobalStateCollection.Name)]
public sealed class CompareTwoTargetsTests
{
    /// <summary>A 1-epoch recipe on the CPU with one thread, so a run is repeatable exactly.</summary>
    internal static SPFusionTrainer.Options Quick(SPFusionTrainer.Options o) =>
        o with { MaxEpochs = 1, BatchSize = 8, Seed = 7, NumberOfThreads = 1, Device = TrainingDevice.Cpu };

    /// <summary><paramref name="m"/> with its recipe made quick.</summary>
    internal static ComparisonModel Quick(ComparisonModel m) => m with { Options = Quick(m.Options) };

    [Fact]
    public void EachFoldHoldsTheMetricsOfItsTestStarsAndTheTableTheirMeanAndStd()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(SyntheticRows.Uniform(16, seed: 3));
        ComparisonModel[] models =
        [
            Quick(ComparisonModel.For(NetworkVariant.SPFusion)),
            Quick(ComparisonModel.For(NetworkVariant.ConvNeXt1DPaper)),
        ];
        var folds = ComparisonFold.CrossValidationSplit(ml, data, numberOfFolds: 2, seed: 5);
        var progress = new RecordedProgress();

        var result = ml.Regression.CompareTwoTargets(ml, models, folds, progress: progress);

        Assert.Equal(2, result.FoldCount);
        Assert.Equal(["spfusion", "convnext1d-paper"], result.Models.Select(m => m.Model.Name));
        // The same split ML.NET's CrossValidationSplit gives for the seed: each fold's test stars, in order.
        var splits = new MLContext(seed: 1).Data.CrossValidationSplit(data, 2, seed: 5);
        foreach (var model in result.Models)
        {
            Assert.Equal(model.Model.CountParameters(), model.ParameterCount);
            Assert.Equal([1, 2], model.Folds.Select(f => f.Fold));
            for (int k = 0; k < 2; k++)
            {
                var fold = model.Folds[k];
                float[] testMass = [.. splits[k].TestSet.GetColumn<float>("Mass")];
                Assert.Equal(testMass, fold.Stars.Mass);
                Assert.Equal(splits[k].TestSet.GetColumn<float>("Snr"), fold.Stars.Snr);
                Assert.Equal(testMass.Length, fold.Metrics.Mass.Count);
                Assert.Equal(testMass.Length, fold.Stars.PredictedAge.Count);
                long trainRows = splits[k].TrainSet.GetColumn<float>("Mass").Count();
                Assert.InRange(fold.TrainCount, 1, trainRows - 1);   // the recipe's validation share is held out
                Assert.Equal(1, fold.BestEpoch);

                // The metrics are the evaluator's on the returned stars, exactly.
                var rows = Enumerable.Range(0, testMass.Length).Select(i => new StarScore
                {
                    Mass = fold.Stars.Mass[i],
                    Age = fold.Stars.Age[i],
                    PredictedMass = fold.Stars.PredictedMass[i],
                    PredictedAge = fold.Stars.PredictedAge[i],
                    Snr = fold.Stars.Snr[i],
                });
                var again = ml.Regression.EvaluateTwoTargets(ml.Data.LoadFromEnumerable(rows));
                Assert.Equal(again.Mass.MeanAbsoluteError, fold.Metrics.Mass.MeanAbsoluteError);
                Assert.Equal(again.Age.MeanAbsoluteError, fold.Metrics.Age.MeanAbsoluteError);
                Assert.Equal(again.Age.RSquared, fold.Metrics.Age.RSquared);
                Assert.Equal(again.Mass.BySnr.Select(b => b.Count), fold.Metrics.Mass.BySnr.Select(b => b.Count));
            }
            Assert.Equal(16, model.Folds.Sum(f => f.Metrics.Mass.Count));

            double a = model.Folds[0].Metrics.Mass.MeanAbsoluteError, b = model.Folds[1].Metrics.Mass.MeanAbsoluteError;
            Assert.Equal((a + b) / 2, model.MaeMass.Mean, 12);
            Assert.Equal(Math.Abs(a - b) / Math.Sqrt(2), model.MaeMass.StdDev, 12);
            Assert.Equal(MeanStd.Of([model.Folds[0].Metrics.Age.MeanAbsoluteError, model.Folds[1].Metrics.Age.MeanAbsoluteError]), model.MaeAge);
        }

        // Training fold 1's model directly with the same recipe gives the same test metrics.
        using (var direct = ml.Regression.Trainers.SPFusion(ml, models[0].Options).Fit(folds[0].Train))
        {
            var metrics = ml.Regression.EvaluateTwoTargets(direct.Transform(folds[0].Test));
            Assert.Equal(metrics.Mass.MeanAbsoluteError, result.Models[0].Folds[0].Metrics.Mass.MeanAbsoluteError, 6);
            Assert.Equal(metrics.Age.MeanAbsoluteError, result.Models[0].Folds[0].Metrics.Age.MeanAbsoluteError, 6);
        }

        string[] markdown = result.ToMarkdown().Split(Environment.NewLine);
        Assert.Equal("**Table 2: comparison** (MAE: mean ± std over 2 folds)", markdown[0]);
        Assert.Contains("| Model | Modality | Parameters | MAE mass (Msun) | MAE age (Gyr) |", markdown);
        Assert.Equal(2, markdown.Count(l => l.StartsWith("| ", StringComparison.Ordinal) && l.Contains(" ± ", StringComparison.Ordinal)));
        var spfusion = result.Models[0];
        Assert.Contains($"| SPFusion | both | 939,398 | {spfusion.MaeMass} | {spfusion.MaeAge} |", markdown);
        Assert.Contains(markdown, l => l.StartsWith("| ConvNeXt 1D | spectrum | 568,338 | ", StringComparison.Ordinal));
        Assert.Contains(result.ToMarkdown("Table 4", "Kernel size", includeModality: false).Split(Environment.NewLine),
            l => l.StartsWith("| SPFusion | 939,398 | ", StringComparison.Ordinal));

        // Progress: model k of n and fold for each start, epoch and finish; the comparison's ETA once a run has finished.
        Assert.Empty(progress.Of(ComparisonStage.Reused));
        foreach (var stage in new[] { ComparisonStage.Training, ComparisonStage.Epoch, ComparisonStage.Finished })
        {
            Assert.Equal(["1/2 fold 1", "1/2 fold 2", "2/2 fold 1", "2/2 fold 2"],
                progress.Of(stage).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.ModelNumber}/{p.ModelCount} fold {p.Fold}")));
        }
        var epochs = progress.Of(ComparisonStage.Epoch);
        Assert.All(epochs, p => Assert.Equal(1, p.Epoch!.Epoch));
        Assert.Null(epochs[0].EstimatedRemaining);
        Assert.All(epochs.Skip(1), p => Assert.NotNull(p.EstimatedRemaining));
        Assert.All(progress.Of(ComparisonStage.Finished), p => Assert.Null(p.ResultPath));
        Assert.Same(result.Models[1].Folds[1], progress.Of(ComparisonStage.Finished)[3].Result);
    }

    private sealed class StarScore
    {
        public float Mass { get; set; }

        public float Age { get; set; }

        public float PredictedMass { get; set; }

        public float PredictedAge { get; set; }

        public float Snr { get; set; }
    }
}
