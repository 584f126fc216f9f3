using Microsoft.ML;
using SPFusion.ML.Evaluation;
using SPFusion.ML.MLNet;
using SPFusion.ML.Training;
using SPFusion.Tests.Support;

namespace SPFusion.Tests.Evaluation.Comparison;

/// <summary>
/// The resume folder of <c>CompareTwoTargets</c>, on the star-operator ablation (2 configurations, 2 folds, 1 epoch):
/// a second call reuses every finished run without training (no training or epoch report, result files untouched) and
/// returns the same results; a changed recipe or split trains again; bad arguments are refused before anything trains.
/// </summary>
public sealed class ComparisonResumeTests : IDisposable
{
    private readonly TempFolder _work = new("spfusion-compare-api");

    public void Dispose() => _work.Dispose();

    [Fact]
    public void ASecondCallReusesEveryFinishedRunAndAChangedRecipeOrSplitTrainsAgain()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(SyntheticRows.Uniform(16, seed: 4));
        var models = SPFusionAblations.Models(SPFusionAblation.StarOperator).Select(CompareTwoTargetsTests.Quick).ToList();
        var folds = ComparisonFold.CrossValidationSplit(ml, data, numberOfFolds: 2, seed: 5);
        string resume = _work.File("resume");

        var first = new RecordedProgress();
        var trained = ml.Regression.CompareTwoTargets(ml, models, folds, resume, first);
        Assert.Equal(4, first.Of(ComparisonStage.Finished).Count);
        string[] files = [.. models.SelectMany(m => new[] { 1, 2 }.Select(k => Path.Combine(resume, "runs", $"{m.Name}-fold{k}.json")))];
        Assert.Equal(files, first.Of(ComparisonStage.Finished).Select(p => p.ResultPath));
        Assert.All(files, f => Assert.True(File.Exists(f), f));
        Assert.All(models, m => Assert.True(File.Exists(Path.Combine(resume, "weights", $"{m.Name}-fold1.bin")), m.Name));
        var written = files.Select(File.GetLastWriteTimeUtc).ToList();

        var second = new RecordedProgress();
        var reused = ml.Regression.CompareTwoTargets(ml, models, ComparisonFold.CrossValidationSplit(ml, data, 2, seed: 5), resume, second);
        Assert.Equal(4, second.Of(ComparisonStage.Reused).Count);
        Assert.Empty(second.Of(ComparisonStage.Training));
        Assert.Empty(second.Of(ComparisonStage.Epoch));
        Assert.Equal(written, files.Select(File.GetLastWriteTimeUtc));
        Assert.Equal(trained.ToMarkdown(), reused.ToMarkdown());
        for (int m = 0; m < 2; m++)
        {
            for (int k = 0; k < 2; k++)
            {
                var (a, b) = (trained.Models[m].Folds[k], reused.Models[m].Folds[k]);
                Assert.Equal(a.Metrics.Mass.MeanAbsoluteError, b.Metrics.Mass.MeanAbsoluteError);
                Assert.Equal(a.Metrics.Age.BySnr.Select(x => x.Count), b.Metrics.Age.BySnr.Select(x => x.Count));
                Assert.Equal(a.Stars.PredictedAge, b.Stars.PredictedAge);
                Assert.Equal((a.Fold, a.TrainCount, a.BestEpoch), (b.Fold, b.TrainCount, b.BestEpoch));
            }
        }
        Assert.Equal(trained.Models[0].ParameterCount, reused.Models[0].ParameterCount);

        // Another recipe for the second configuration: it trains again, the first is reused.
        var changed = new List<ComparisonModel> { models[0], models[1] with { Options = models[1].Options with { Seed = 8 } } };
        var third = new RecordedProgress();
        ml.Regression.CompareTwoTargets(ml, changed, folds, resume, third);
        Assert.Equal([1, 1], third.Of(ComparisonStage.Reused).Select(p => p.ModelNumber));
        Assert.Equal([2, 2], third.Of(ComparisonStage.Training).Select(p => p.ModelNumber));
        Assert.Equal(written[..2], files[..2].Select(File.GetLastWriteTimeUtc));

        // Another split (other test stars per fold) is other data: nothing is reused.
        var fourth = new RecordedProgress();
        ml.Regression.CompareTwoTargets(ml, models.Take(1).ToList(), ComparisonFold.CrossValidationSplit(ml, data, 2, seed: 6), resume, fourth);
        Assert.Empty(fourth.Of(ComparisonStage.Reused));
        Assert.Equal(2, fourth.Of(ComparisonStage.Finished).Count);
    }

    [Fact]
    public void AGivenDataIdentityIsWhatTheFingerprintHolds()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(SyntheticRows.Uniform(8, seed: 5));
        ComparisonModel[] models = [new("tiny", CompareTwoTargetsTests.Quick(new SPFusionTrainer.Options()))];
        ComparisonFold[] folds = [new ComparisonFold(data, null, data) { DataIdentity = "first" }];
        string resume = _work.File("identity");
        ml.Regression.CompareTwoTargets(ml, models, folds, resume);

        var same = new RecordedProgress();
        ml.Regression.CompareTwoTargets(ml, models, folds, resume, same);
        Assert.Single(same.Of(ComparisonStage.Reused));

        var other = new RecordedProgress();
        ml.Regression.CompareTwoTargets(ml, models, [folds[0] with { DataIdentity = "second" }], resume, other);
        Assert.Empty(other.Of(ComparisonStage.Reused));
        Assert.Single(other.Of(ComparisonStage.Finished));
    }

    [Fact]
    public void BadModelsAreRefusedBeforeAnythingTrains()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(SyntheticRows.Uniform(4, seed: 6));
        var folds = ComparisonFold.CrossValidationSplit(ml, data, 2);
        var quick = CompareTwoTargetsTests.Quick(new SPFusionTrainer.Options());
        var progress = new RecordedProgress();

        var twice = Assert.Throws<ArgumentException>(() => ml.Regression.CompareTwoTargets(ml, [new("a", quick), new("a", quick)], folds, progress: progress));
        Assert.Contains("'a' is given twice", twice.Message);
        var path = Assert.Throws<ArgumentException>(() => ml.Regression.CompareTwoTargets(ml, [new("../a", quick)], folds, progress: progress));
        Assert.Contains("../a", path.Message);
        var recipe = Assert.Throws<ArgumentException>(() => ml.Regression.CompareTwoTargets(ml, [new("ok", quick), new("bad", quick with { MaxEpochs = 0 })], folds, progress: progress));
        Assert.Contains("recipe of bad", recipe.Message);
        Assert.Contains("MaxEpochs", recipe.Message);
        Assert.Throws<ArgumentException>(() => ml.Regression.CompareTwoTargets(ml, [], folds, progress: progress));
        Assert.Throws<ArgumentOutOfRangeException>(() => ComparisonFold.CrossValidationSplit(ml, data, 1));
        Assert.Empty(progress.Reports);
    }
}
