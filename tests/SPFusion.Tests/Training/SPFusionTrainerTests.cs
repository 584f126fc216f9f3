using Microsoft.ML;
using Microsoft.ML.Data;
using SPFusion.ML;
using SPFusion.ML.Evaluation;
using SPFusion.ML.MLNet;
using SPFusion.ML.Persistence;
using SPFusion.ML.Training;
using SPFusion.Tests.Support;
using SPFusion.Transforms;
using TorchSharp;

namespace SPFusion.Tests.Training;

/// <summary>
/// Runs alone: one test reseeds libtorch's default generator between epochs to show a training run does not use it.
/// </summary>
[Collection(TorchGlobalStateCollection.Name)]
public class SPFusionTrainerTests
{
    private static SPFusionTrainer.Options Quick(int epochs = 3) => new()
    {
        MaxEpochs = epochs,
        BatchSize = 8,
        Seed = 7,
        NumberOfThreads = 2,
        Device = TrainingDevice.Cpu,
    };

    /// <summary>The context's log lines (the trainer logs from its own thread, hence the lock).</summary>
    private static List<string> CaptureLog(MLContext ml)
    {
        var log = new List<string>();
        ml.Log += (_, e) => { lock (log) log.Add(e.RawMessage); };
        return log;
    }

    private static float[] Predict(MLContext ml, ITransformer model, IDataView data, string column = "PredictedMass") =>
        model.Transform(data).GetColumn<float>(column).ToArray();

    [Fact]
    public void ValidationLossFallsAndTheModelPredictsBothTargets()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(LearnableStars.Create(40, seed: 11));
        var reports = new List<EpochReport>();
        var model = ml.Regression.Trainers.SPFusion(ml, Quick(4), new SyncProgress<EpochReport>(reports.Add)).Fit(data);

        Assert.Equal(4, model.History.Epochs.Count);
        Assert.Equal(reports, model.History.Epochs);
        Assert.Equal(28, model.History.TrainCount); // 7:3 split of 40
        Assert.Equal(12, model.History.ValidationCount);
        double first = model.History.Epochs[0].ValidationLoss;
        Assert.True(model.History.Epochs.Skip(1).Min(e => e.ValidationLoss) < first,
            $"validation loss never fell below epoch 1's {first}: {string.Join(", ", model.History.Epochs.Select(e => e.ValidationLoss))}");

        var scored = model.Transform(data);
        var mass = scored.GetColumn<float>(SPFusionColumns.PredictedMass).ToArray();
        var score = scored.GetColumn<float>(SPFusionColumns.Score).ToArray();
        Assert.Equal(mass, score);
        Assert.All(mass, m => Assert.True(float.IsFinite(m)));
        var metrics = TwoTargetEvaluator.Evaluate(scored);
        Assert.Equal(40, metrics.Age.Count);
    }

    [Fact]
    public void BaselineFineTunesFromThePublishedSpectralExtractorWithItsHeadBiasAtTheLabelMeans()
    {
        var ml = new MLContext(seed: 1);
        var rows = LearnableStars.Create(30, seed: 13);
        var log = CaptureLog(ml);
        var options = Quick(1) with
        {
            Network = SPFusion.ML.Network.NetworkOptions.Published with { Variant = SPFusion.ML.Network.NetworkVariant.ConvNeXt1D },
            InitialWeights = TestPaths.PublishedOnnx,
        };
        var model = ml.Regression.Trainers.SPFusion(ml, options).Fit(ml.Data.LoadFromEnumerable(rows));

        Assert.Single(model.History.Epochs);
        lock (log) Assert.Contains(log, l => l.StartsWith("output bias set to the training label means", StringComparison.Ordinal));
        var mass = Predict(ml, model, ml.Data.LoadFromEnumerable(rows));
        Assert.All(mass, m => Assert.True(float.IsFinite(m)));
        // The published file is the published SPFusion: another fusion configuration cannot start from it whole (the
        // baseline may, as it ignores fusion options: TrainerEarlyChecksTests).
        Assert.Throws<ArgumentException>(() => ml.Regression.Trainers.SPFusion(ml, options with
        {
            Network = SPFusion.ML.Network.NetworkOptions.Published with { UseStarOperator = false },
        }).Fit(ml.Data.LoadFromEnumerable(rows)));
    }

    [Fact]
    public void FineTuningCanStartANewOutputLayerAtTheLabelMeans()
    {
        var ml = new MLContext(seed: 1);
        var rows = LearnableStars.Create(30, seed: 14);
        var log = CaptureLog(ml);
        var options = Quick(1) with { InitialWeights = TestPaths.PublishedOnnx };

        ml.Regression.Trainers.SPFusion(ml, options).Fit(ml.Data.LoadFromEnumerable(rows));
        lock (log)
        {
            Assert.DoesNotContain(log, l => l.StartsWith("output layer replaced", StringComparison.Ordinal));
            Assert.DoesNotContain(log, l => l.StartsWith("output bias set", StringComparison.Ordinal));
            log.Clear();
        }

        var model = ml.Regression.Trainers.SPFusion(ml, options with { ResetOutputLayer = true }).Fit(ml.Data.LoadFromEnumerable(rows));
        lock (log)
        {
            Assert.Contains(log, l => l.StartsWith("output layer replaced by a new one (seed 7) on the weights of spfusion-published.onnx", StringComparison.Ordinal));
            Assert.Contains(log, l => l.StartsWith("output bias set to the training label means", StringComparison.Ordinal));
        }
        Assert.All(Predict(ml, model, ml.Data.LoadFromEnumerable(rows)), m => Assert.True(float.IsFinite(m)));
    }

    [Fact]
    public void EarlyStoppingKeepsTheBestEpochsWeights()
    {
        var ml = new MLContext(seed: 1);
        var rows = LearnableStars.Create(36, seed: 12);
        var train = ml.Data.LoadFromEnumerable(rows.Take(24));
        var validation = ml.Data.LoadFromEnumerable(rows.Skip(24));
        // No later epoch can beat the first by 1e9, so training stops after patience (2) more epochs and restores epoch 1.
        var options = Quick(10) with { ValidationData = validation, EarlyStoppingPatience = 2, EarlyStoppingMinDelta = 1e9 };
        var model = ml.Regression.Trainers.SPFusion(ml, options).Fit(train);

        Assert.True(model.History.StoppedEarly);
        Assert.Equal(3, model.History.Epochs.Count);
        Assert.Equal(1, model.History.BestEpoch);
        var m = TwoTargetEvaluator.Evaluate(model.Transform(validation));
        double loss = 100 * m.Mass.MeanSquaredError + m.Age.MeanSquaredError;
        Assert.Equal(model.History.Epochs[0].ValidationLoss, loss, 1e-3 * Math.Max(1, loss));
        Assert.Equal(model.History.Epochs[0].ValidationMaeMass, m.Mass.MeanAbsoluteError, 1e-4);
    }

    [Fact]
    public void SameSeedGivesTheSameModel()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(LearnableStars.Create(24, seed: 13));
        var a = ml.Regression.Trainers.SPFusion(ml, Quick(2)).Fit(data);
        var b = ml.Regression.Trainers.SPFusion(ml, Quick(2)).Fit(data);
        Assert.Equal(a.OnnxModel.Length, b.OnnxModel.Length);
        Assert.Equal(Predict(ml, a, data), Predict(ml, b, data));
        Assert.Equal(Predict(ml, a, data, "PredictedAge"), Predict(ml, b, data, "PredictedAge"));
    }

    [Fact]
    public void OtherUseOfLibtorchsDefaultGeneratorDoesNotChangeTheRun()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(LearnableStars.Create(24, seed: 14));
        var undisturbed = ml.Regression.Trainers.SPFusion(ml, Quick(3)).Fit(data);

        // Between epochs, other code in the process reseeds and draws from libtorch's default generator.
        var meddling = new SyncProgress<EpochReport>(_ =>
        {
            torch.random.manual_seed(12345);
            using var draws = torch.rand(1000);
        });
        var disturbed = ml.Regression.Trainers.SPFusion(ml, Quick(3), meddling).Fit(data);
        Assert.Equal(undisturbed.History.Epochs.Select(e => (e.TrainLoss, e.ValidationLoss)), disturbed.History.Epochs.Select(e => (e.TrainLoss, e.ValidationLoss)));
        Assert.Equal(Predict(ml, undisturbed, data), Predict(ml, disturbed, data));
    }

    [Fact]
    public void SavedZipReloadsInAFreshContextWithTheSamePredictions()
    {
        var ml = new MLContext(seed: 1);
        var rows = LearnableStars.Create(24, seed: 14);
        var data = ml.Data.LoadFromEnumerable(rows);
        var model = ml.Regression.Trainers.SPFusion(ml, Quick(2) with { OutputChannelAttention = true }).Fit(data);
        using var temp = new TempFolder("spfusion-trained");
        string zip = temp.File("trained.zip");
        ml.Model.Save(model, data.Schema, zip);

        var fresh = new MLContext(seed: 99);
        fresh.ComponentCatalog.RegisterAssembly(typeof(SPFusionPredictionTransformer).Assembly);
        var loaded = fresh.Model.Load(zip, out _);
        using var release = loaded as IDisposable; // deletes ML.NET's temporary copy of the graph
        var freshData = fresh.Data.LoadFromEnumerable(rows);
        var expectedMass = Predict(ml, model, data);
        var expectedAge = Predict(ml, model, data, "PredictedAge");
        var mass = Predict(fresh, loaded, freshData);
        var age = Predict(fresh, loaded, freshData, "PredictedAge");
        for (int i = 0; i < rows.Count; i++)
        {
            Assert.Equal(expectedMass[i], mass[i], 1e-5f);
            Assert.Equal(expectedAge[i], age[i], 1e-5f);
        }
        Assert.Equal(96, ((VectorDataViewType)loaded.GetOutputSchema(freshData.Schema)[SPFusionColumns.ChannelAttention].Type).Size);
    }

    [Fact]
    public void CrossValidateWithThreeFoldsScoresBothTargets()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(LearnableStars.Create(36, seed: 15));
        var trainer = ml.Regression.Trainers.SPFusion(ml, Quick(1));

        var cv = ml.Regression.CrossValidate(data, trainer, numberOfFolds: 3, labelColumnName: "Mass");
        Assert.Equal(3, cv.Count);
        Assert.All(cv, f => Assert.True(double.IsFinite(f.Metrics.MeanAbsoluteError) && f.Metrics.MeanAbsoluteError > 0));

        var two = TwoTargetCrossValidation.Run(ml, data, trainer, numberOfFolds: 3);
        Assert.Equal(3, two.Folds.Count);
        Assert.Equal(36, two.Folds.Sum(f => f.TestCount));
        Assert.True(two.Summary(m => m.Age.MeanAbsoluteError).Mean > 0);
        Assert.Equal(11, two.SnrSummary(m => m.Mass).Count);
    }

    [Fact]
    public void BadSchemasNameTheColumnAndTheExpectedType()
    {
        var ml = new MLContext();
        var trainer = ml.Regression.Trainers.SPFusion(ml, Quick(1));
        var noPhotometry = ml.Data.LoadFromEnumerable(new[] { new SpectrumOnlyRow { Spectrum = new float[3584], Mass = 1f, Age = 1f } });
        var ex = Assert.Throws<ArgumentException>(() => trainer.Fit(noPhotometry));
        Assert.Contains("'Photometry'", ex.Message);
        Assert.Contains("49152", ex.Message);

        // A variable-length spectrum is not the fixed 3,584-float vector the network needs.
        var unsized = ml.Data.LoadFromEnumerable(new[] { new { Spectrum = new float[3584], Mass = 1f, Age = 1f } });
        var ex3 = Assert.Throws<ArgumentException>(() => trainer.Fit(unsized));
        Assert.Contains("'Spectrum'", ex3.Message);
        Assert.Contains("3584", ex3.Message);

        var doubleLabel = ml.Data.LoadFromEnumerable(new[] { new DoubleMassRow { Spectrum = new float[3584], Photometry = new float[49152], Mass = 1, Age = 1 } });
        var ex2 = Assert.Throws<ArgumentException>(() => trainer.Fit(doubleLabel));
        Assert.Contains("'Mass'", ex2.Message);
        Assert.Contains("Single", ex2.Message);
    }

    [Fact]
    public void NonFiniteRowsFailByDefaultAndAreListedWhenSkipped()
    {
        var ml = new MLContext();
        var rows = LearnableStars.Create(20, seed: 16);
        rows[5].Spectrum[100] = float.NaN;
        var data = ml.Data.LoadFromEnumerable(rows);
        var ex = Assert.Throws<InvalidDataException>(() => ml.Regression.Trainers.SPFusion(ml, Quick(1)).Fit(data));
        Assert.Contains("row 5", ex.Message);
        Assert.Contains("'Spectrum' value 100", ex.Message);

        var model = ml.Regression.Trainers.SPFusion(ml, Quick(1) with { InvalidRows = InvalidRowHandling.Skip }).Fit(data);
        var skipped = Assert.Single(model.History.SkippedRows);
        Assert.Equal(5, skipped.Row);
        Assert.Equal(19, model.History.TrainCount + model.History.ValidationCount);
    }

    [Fact]
    public void ACancelledRunResumesToTheSameWeights()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(LearnableStars.Create(24, seed: 17));
        var full = ml.Regression.Trainers.SPFusion(ml, Quick(4)).Fit(data);

        using var temp = new TempFolder("spfusion-ckpt");
        string dir = temp.Path;
        using var cts = new CancellationTokenSource();
        var interrupted = Quick(4) with { CheckpointDirectory = dir };
        var cancelAfterEpoch2 = new SyncProgress<EpochReport>(r =>
        {
            if (r.Epoch == 2) cts.Cancel();
        });
        Assert.ThrowsAny<OperationCanceledException>(() => ml.Regression.Trainers.SPFusion(ml, interrupted, cancelAfterEpoch2, cts.Token).Fit(data));

        var resumed = ml.Regression.Trainers.SPFusion(ml, Quick(4) with { CheckpointDirectory = dir, Resume = true }).Fit(data);
        Assert.Equal(4, resumed.History.Epochs.Count);
        Assert.Equal(full.History.Epochs.Select(e => e.ValidationLoss), resumed.History.Epochs.Select(e => e.ValidationLoss));
        Assert.Equal(Predict(ml, full, data), Predict(ml, resumed, data));
    }
}

internal sealed class SpectrumOnlyRow
{
    [VectorType(SPFusionShapes.SpectrumLength)]
    public float[] Spectrum { get; set; } = [];

    public float Mass { get; set; }

    public float Age { get; set; }
}

internal sealed class DoubleMassRow
{
    [VectorType(SPFusionShapes.SpectrumLength)]
    public float[] Spectrum { get; set; } = [];

    [VectorType(SPFusionShapes.PhotometryLength)]
    public float[] Photometry { get; set; } = [];

    public double Mass { get; set; }

    public float Age { get; set; }
}

/// <summary>An IProgress that reports on the calling thread (Progress&lt;T&gt; posts to the thread pool).</summary>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
