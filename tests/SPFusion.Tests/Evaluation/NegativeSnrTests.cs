using Microsoft.ML;
using SPFusion.ML.Evaluation;

namespace SPFusion.Tests.Evaluation;

/// <summary>LAMOST writes -9999 for a missing SNR; the evaluator names the row instead of binning it as 0-10.</summary>
public sealed class NegativeSnrTests
{
    private sealed class Row
    {
        public float Mass { get; set; }
        public float Age { get; set; }
        public float PredictedMass { get; set; }
        public float PredictedAge { get; set; }
        public float Snr { get; set; }
    }

    [Theory]
    [InlineData(-9999f)]
    [InlineData(-0.5f)]
    public void ANegativeSnrNamesTheRowAndTheColumn(float snr)
    {
        var rows = new[]
        {
            new Row { Mass = 1f, PredictedMass = 1.1f, Age = 2f, PredictedAge = 2.5f, Snr = 30f },
            new Row { Mass = 1.2f, PredictedMass = 1.1f, Age = 3f, PredictedAge = 2.5f, Snr = snr },
        };
        var ex = Assert.Throws<InvalidDataException>(() => TwoTargetEvaluator.Evaluate(new MLContext().Data.LoadFromEnumerable(rows)));
        Assert.StartsWith($"row 1: column 'Snr' is {snr}; SNR must be >= 0", ex.Message);
        Assert.Contains("SNR column to null", ex.Message);
    }

    [Fact]
    public void ZeroSnrIsTheFirstBin()
    {
        var rows = new[] { new Row { Mass = 1f, PredictedMass = 1.5f, Age = 2f, PredictedAge = 2f, Snr = 0f } };
        var m = TwoTargetEvaluator.Evaluate(new MLContext().Data.LoadFromEnumerable(rows));
        Assert.Equal((1L, 0.5), (m.Mass.BySnr[0].Count, m.Mass.BySnr[0].MeanAbsoluteError));
    }
}
