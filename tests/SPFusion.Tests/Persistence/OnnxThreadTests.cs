using SPFusion.ML.Persistence;
using SPFusion.Tests.Support;
using SPFusion.Transforms;

namespace SPFusion.Tests.Persistence;

/// <summary>
/// ONNX Runtime's flush-to-zero stays on the package's own ONNX thread: the caller's thread keeps IEEE denormals after it
/// opened a predictor and scored with it (ONNX Runtime sets the flag on the thread creating the process's first session).
/// </summary>
public class OnnxThreadTests
{
    [Fact]
    public void ScoringLeavesTheCallersDenormalsAlone()
    {
        float twice = 0;
        string text = "";
        float mass = float.NaN;
        var caller = new Thread(() =>
        {
            using var predictor = new SPFusionBatchPredictor(File.ReadAllBytes(TestPaths.PublishedOnnx), new SPFusionBatchOptions { BatchSize = 2 });
            var spectra = new float[2 * SPFusionShapes.SpectrumLength];
            var photometry = new float[2 * SPFusionShapes.PhotometryLength];
            Array.Fill(spectra, 0.5f);
            Array.Fill(photometry, 0.25f);
            mass = predictor.Predict(spectra, photometry, 2)[0].PredictedMass;
            float epsilon = float.Epsilon;
            twice = epsilon * 2f;
            text = epsilon.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        });
        caller.Start();
        caller.Join();
        Assert.True(float.IsFinite(mass));
        Assert.Equal(2.8E-45f, twice);
        Assert.Equal("1E-45", text);
    }

    [Fact]
    public void AnErrorOnTheOnnxThreadReachesTheCaller()
    {
        var ex = Assert.Throws<InvalidDataException>(() => new SPFusionBatchPredictor([1, 2, 3], source: "three bytes"));
        Assert.Contains("three bytes", ex.Message);
    }
}
