using System.Globalization;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using SPFusion.ML.Evaluation;
using SPFusion.ML.MLNet;
using SPFusion.ML.Persistence;
using SPFusion.ML.Training;
using SPFusion.Tests.Cli;
using SPFusion.Tests.Support;
using SPFusion.Transforms.Catalogs;
using SPFusion.Transforms.MLNet;
using SPFusion.Transforms.Spectra;

namespace SPFusion.Tests.EndToEnd;

/// <summary>
/// The whole path on the real survey files of tests/data (<see cref="RealSurveyCatalog"/>, all 27 LAMOST spectra):
/// raw FITS in, three-fold cross-validated metrics, a model zip, and predictions from the zip reloaded elsewhere.
/// One epoch each: this proves the path, not accuracy.
/// </summary>
public sealed class RealSurveyFilesTests : IDisposable
{
    private static readonly string[] Quick = ["--epochs", "1", "--batch-size", "8", "--threads", "2", "--device", "cpu"];
    private readonly TempFolder _temp = new("spfusion-real-e2e");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void MLNetPipelineFromRawFitsCrossValidatesSavesReloadsAndPredicts()
    {
        var catalog = RealSurveyCatalog.Write(_temp.Path);
        Assert.Equal(27, catalog.Stars.Count);
        var ml = new MLContext(seed: 42);
        IDataView stars = SurveyStarRow.Load(ml, catalog.Path);
        var quick = new SPFusionTrainer.Options { MaxEpochs = 1, BatchSize = 8, NumberOfThreads = 2, Device = TrainingDevice.Cpu };
        // The catalogue has no snr column (NaN in the rows): the spectrum transform's default writes each header's SNRG there.
        var pipeline = ml.Transforms.PrepareLamostSpectrum()
            .Append(ml.Transforms.AlignImageBands())
            .Append(ml.Regression.Trainers.SPFusion(ml, quick));

        var standard = ml.Regression.CrossValidate(stars, pipeline, numberOfFolds: 3, labelColumnName: "Mass");
        Assert.Equal(3, standard.Count);
        Assert.All(standard, f => Assert.True(double.IsFinite(f.Metrics.MeanAbsoluteError) && f.Metrics.MeanAbsoluteError > 0));
        var both = TwoTargetCrossValidation.Run(ml, stars, pipeline, numberOfFolds: 3);
        Assert.Equal(catalog.Stars.Count, both.Folds.Sum(f => f.TestCount));
        Assert.All(both.Folds, f => Assert.True(double.IsFinite(f.Metrics.Age.MeanAbsoluteError)));

        var model = pipeline.Fit(stars);
        string zip = Path.Combine(_temp.Path, "model.zip");
        ml.Model.Save(model, stars.Schema, zip);
        var fresh = new MLContext();
        fresh.ComponentCatalog.RegisterAssembly(typeof(SurveyTransformsCatalog).Assembly);
        fresh.ComponentCatalog.RegisterAssembly(typeof(SPFusionPredictionTransformer).Assembly);
        var loaded = fresh.Model.Load(zip, out _);
        using var release = loaded as IDisposable; // deletes ML.NET's temporary copy of the graph
        var scored = loaded.Transform(SurveyStarRow.Load(fresh, catalog.Path));

        // Predictions come back in catalogue order, labelled with each file's own OBSID.
        Assert.Equal(catalog.Stars.Select(s => LamostSpectrumReader.Read(s.Spectrum).ObsId), scored.GetColumn<long>("ObsId"));
        var expected = model.Transform(stars).GetColumn<float>("PredictedMass").ToArray();
        var mass = scored.GetColumn<float>("PredictedMass").ToArray();
        var age = scored.GetColumn<float>("PredictedAge").ToArray();
        Assert.All(mass.Concat(age), v => Assert.True(float.IsFinite(v)));
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], mass[i], 1e-5f);
    }

    [Fact]
    public void CliPreparesCrossValidatesTrainsAndPredictsOnRealFiles()
    {
        var catalog = RealSurveyCatalog.Write(_temp.Path);
        string data = Path.Combine(_temp.Path, "dataset");
        var (code, stdout, stderr) = CliHarness.Run("prepare", "--catalog", catalog.Path, "--out", data, "--folds", "3");
        Assert.True(code == 0, stderr);
        Assert.Contains($"prepared {catalog.Stars.Count} of {catalog.Stars.Count} stars", stdout);

        string cvReport = Path.Combine(_temp.Path, "cv.json");
        (code, _, stderr) = CliHarness.Run(["cv", "--data", data, "--folds", "3", "--out", cvReport, .. Quick]);
        Assert.True(code == 0, stderr);
        using (var json = JsonDocument.Parse(File.ReadAllText(cvReport)))
        {
            Assert.Equal(3, json.RootElement.GetProperty("folds").GetArrayLength());
            Assert.True(double.IsFinite(json.RootElement.GetProperty("mean").GetProperty("maeAge").GetProperty("mean").GetDouble()));
        }

        string zip = Path.Combine(_temp.Path, "model.zip");
        (code, _, stderr) = CliHarness.Run(["train", "--data", data, "--out", zip, .. Quick]);
        Assert.True(code == 0, stderr);
        string predictions = Path.Combine(_temp.Path, "predictions.csv");
        (code, _, stderr) = CliHarness.Run("predict", "--model", zip, "--data", data, "--out", predictions);
        Assert.True(code == 0, stderr);
        var lines = File.ReadAllLines(predictions);
        Assert.Equal("obsid,mass,age", lines[0]);
        Assert.Equal(catalog.Stars.Select(s => s.ObsId).Order(), lines.Skip(1).Select(l => long.Parse(l.Split(',')[0], CultureInfo.InvariantCulture)).Order());
        Assert.All(lines.Skip(1), l => Assert.All(l.Split(',').Skip(1), v => Assert.True(double.IsFinite(double.Parse(v, CultureInfo.InvariantCulture)))));
    }
}
