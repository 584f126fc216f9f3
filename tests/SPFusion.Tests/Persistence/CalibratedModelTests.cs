using Microsoft.ML;
using SPFusion.ML.Evaluation;
using SPFusion.ML.Onnx.Export;
using SPFusion.ML.Onnx.Uncertainty;
using SPFusion.ML.Persistence;
using SPFusion.Tests.Support;

namespace SPFusion.Tests.Persistence;

/// <summary>A sigma calibration stored in the model (<see cref="SigmaCalibration.SaveCalibratedModel"/>).</summary>
public sealed class CalibratedModelTests(EnsembleMembers members) : IClassFixture<EnsembleMembers>, IDisposable
{
    private static readonly SPFusionBatchOptions OneThread = new() { BatchSize = 3, IntraOpNumThreads = 1 };

    private readonly TempFolder _temp = new("spfusion-calibrated");

    public void Dispose() => _temp.Dispose();

    private static SigmaCalibration Factors(double mass, double age) =>
        new(new TargetSigmaCalibration(10, mass, 0.5, 0.7), new TargetSigmaCalibration(10, age, 0.9, 0.7));

    [Fact]
    public void TheSavedModelScalesOnlyTheTotalSigmaAndRecordsTheFactors()
    {
        var rows = SyntheticRows.Uniform(5, seed: 3);
        var ml = new MLContext(seed: 1);
        string raw = _temp.File("ensemble.onnx");
        File.WriteAllBytes(raw, SPFusionEnsemble.Combine(members.SPFusion));
        string calibrated = _temp.File("calibrated.zip");
        Factors(2.5, 0.5).SaveCalibratedModel(ml, raw, calibrated);

        using var before = new SPFusionBatchPredictor(File.ReadAllBytes(raw), OneThread);
        using var after = SPFusionBatchPredictor.FromModelZip(calibrated, OneThread);
        var p0 = before.Predict(ml.Data.LoadFromEnumerable(rows));
        var p1 = after.Predict(new MLContext(seed: 2).Data.LoadFromEnumerable(rows));
        for (int i = 0; i < rows.Count; i++)
        {
            Assert.Equal(p0[i].PredictedMass, p1[i].PredictedMass);
            Assert.Equal(p0[i].PredictedAge, p1[i].PredictedAge);
            Assert.Equal(2.5 * p0[i].MassSigma!.Value, p1[i].MassSigma!.Value, 1e-6);
            Assert.Equal(0.5 * p0[i].AgeSigma!.Value, p1[i].AgeSigma!.Value, 1e-6);
        }

        using var runner = new OnnxModelRunner(ModelZipOnnxGraph.Read(calibrated), intraOpThreads: 1);
        Assert.Equal("mass=2.5;age=0.5", runner.CustomMetadata[OnnxMetadataKeys.SigmaCalibration]);
        // The ensemble's own spread stays raw beside the calibrated total.
        Assert.Contains("ensemble_sigma", runner.OutputNames);
    }

    [Fact]
    public void AModelWithoutSigmaACalibratedOneOrItsOwnPathAreRefused()
    {
        var ml = new MLContext(seed: 1);
        string plain = _temp.File("plain.onnx");
        File.WriteAllBytes(plain, members.SPFusion[0]);
        var ex = Assert.Throws<InvalidDataException>(() => Factors(2, 2).SaveCalibratedModel(ml, plain, _temp.File("x.zip")));
        Assert.Contains("plain.onnx", ex.Message, StringComparison.Ordinal);
        Assert.Contains("no uncertainty", ex.Message, StringComparison.Ordinal);

        byte[] once = SigmaScalingGraph.Apply(SPFusionEnsemble.Combine(members.SPFusion), 2, 2, "ensemble");
        var twice = Assert.Throws<InvalidDataException>(() => SigmaScalingGraph.Apply(once, 2, 2, "calibrated.onnx"));
        Assert.Contains("calibrated already", twice.Message, StringComparison.Ordinal);

        string raw = _temp.File("ensemble.onnx");
        File.WriteAllBytes(raw, SPFusionEnsemble.Combine(members.SPFusion));
        Assert.Throws<ArgumentException>(() => Factors(2, 2).SaveCalibratedModel(ml, raw, raw));
        Assert.Throws<ArgumentOutOfRangeException>(() => SigmaScalingGraph.Apply(File.ReadAllBytes(raw), 0, 1, "ensemble"));
        Assert.False(File.Exists(_temp.File("x.zip")));
    }
}
