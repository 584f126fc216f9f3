using Microsoft.ML;
using Microsoft.ML.Data;
using SPFusion.ML.Evaluation;
using SPFusion.ML.MLNet;
using SPFusion.ML.Persistence;
using SPFusion.ML.Training;
using SPFusion.Tests.Support;

namespace SPFusion.Tests.Persistence;

/// <summary>
/// OnnxTransformer runs a graph only from a file: given a stream it copies it to a temporary file nothing deletes
/// (a CLI run left one or two 3.8 MB copies per call). A trained model's graph file goes when the model is disposed,
/// a loaded zip's copy when the loaded chain is disposed, and nothing lands in the context's temporary folder.
/// </summary>
public sealed class OnnxTempFileTests : IDisposable
{
    private readonly TempFolder _contextTempFolder = new("spfusion-onnxtemp");
    private readonly TempFolder _workFolder = new("spfusion-onnxtemp-work");

    public void Dispose()
    {
        _contextTempFolder.Dispose();
        _workFolder.Dispose();
    }

    private int ContextTempFiles() => Directory.EnumerateFiles(_contextTempFolder.Path, "*", SearchOption.AllDirectories).Count();

    private SPFusionTrainer.Options Quick() => new()
    {
        MaxEpochs = 1,
        BatchSize = 8,
        Seed = 3,
        NumberOfThreads = 2,
        Device = TrainingDevice.Cpu,
        CacheDirectory = _workFolder.Path,
    };

    [Fact]
    public void ATrainedModelsGraphFileGoesWithTheModel()
    {
        var ml = new MLContext(seed: 1) { TempFilePath = _contextTempFolder.Path };
        var data = ml.Data.LoadFromEnumerable(LearnableStars.Create(24, seed: 41));
        var model = ml.Regression.Trainers.SPFusion(ml, Quick()).Fit(data);
        string file = Assert.IsType<string>(model.ModelFile);
        Assert.True(File.Exists(file));
        Assert.Equal(0, ContextTempFiles());
        string zip = Path.Combine(_workFolder.Path, "model.zip");
        ml.Model.Save(model, data.Schema, zip);
        model.Dispose();
        Assert.False(File.Exists(file));

        // The zip holds the graph itself: it loads and predicts with the file gone.
        var loaded = SPFusionModelFile.Load(ml, zip);
        Assert.Equal(1, ContextTempFiles());
        Assert.True(float.IsFinite(loaded.Transform(data).GetColumn<float>("PredictedMass").First()));
        ((IDisposable)loaded).Dispose();
        Assert.Equal(0, ContextTempFiles());
    }

    [Fact]
    public void DisposingACrossValidationDeletesEveryFoldsGraphFile()
    {
        var ml = new MLContext(seed: 1) { TempFilePath = _contextTempFolder.Path };
        var data = ml.Data.LoadFromEnumerable(LearnableStars.Create(24, seed: 43));
        List<string> files;
        using (var cv = TwoTargetCrossValidation.Run(ml, data, ml.Regression.Trainers.SPFusion(ml, Quick()), numberOfFolds: 2))
        {
            files = [.. cv.Folds.Select(f => Assert.IsType<SPFusionPredictionTransformer>(f.Model).ModelFile!)];
            Assert.Equal(2, files.Distinct().Count());
            Assert.All(files, f => Assert.True(File.Exists(f)));
        }
        Assert.All(files, f => Assert.False(File.Exists(f)));
        Assert.Equal(0, ContextTempFiles());
    }

    [Fact]
    public void ThePublishedModelRunsFromItsOwnFileWithoutACopy()
    {
        var ml = new MLContext(seed: 1) { TempFilePath = _contextTempFolder.Path };
        var data = ml.Data.LoadFromEnumerable(LearnableStars.Create(4, seed: 44));
        var before = Directory.EnumerateFiles(Path.GetTempPath(), "spfusion-onnx-*").ToHashSet();
        using var model = (IDisposable)ml.Transforms.ApplySPFusionModel(ml, TestPaths.PublishedOnnx).Fit(data);
        Assert.True(float.IsFinite(((ITransformer)model).Transform(data).GetColumn<float>("PredictedAge").First()));
        byte[] published = File.ReadAllBytes(TestPaths.PublishedOnnx);
        Assert.DoesNotContain(Directory.EnumerateFiles(Path.GetTempPath(), "spfusion-onnx-*").Where(f => !before.Contains(f)),
            f => File.ReadAllBytes(f).AsSpan().SequenceEqual(published));
        Assert.Equal(0, ContextTempFiles());
    }

    [Fact]
    public void ARefusedZipLeavesNoGraphCopyBehind()
    {
        var ml = new MLContext(seed: 1) { TempFilePath = _contextTempFolder.Path };
        var data = ml.Data.LoadFromEnumerable(LearnableStars.Create(4, seed: 45));
        // A zip that runs the published graph but is not an SPFusion model: no PredictedMass/PredictedAge columns.
        var raw = ml.Transforms.CopyColumns("spectrum", "Spectrum")
            .Append(ml.Transforms.CopyColumns("photometric", "Photometry"))
            .Append(ml.Transforms.ApplyOnnxModel(TestPaths.PublishedOnnx)).Fit(data);
        string zip = Path.Combine(_workFolder.Path, "raw.zip");
        ml.Model.Save(raw, data.Schema, zip);
        raw.Dispose();
        var ex = Assert.Throws<InvalidDataException>(() => SPFusionModelFile.Load(ml, zip));
        Assert.Contains("not an SPFusion model", ex.Message);
        // Loading it made ML.NET copy the graph to the context's temporary folder; refusing it removed the copy.
        Assert.Equal(0, ContextTempFiles());
    }
}
