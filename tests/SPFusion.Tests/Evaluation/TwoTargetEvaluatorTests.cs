using Microsoft.ML;
using SPFusion.ML.Evaluation;

namespace SPFusion.Tests.Evaluation;

public class TwoTargetEvaluatorTests
{
    private sealed class Row
    {
        public float Mass { get; set; }
        public float Age { get; set; }
        public float PredictedMass { get; set; }
        public float PredictedAge { get; set; }
        public float Snr { get; set; }
    }

    [Fact]
    public void MetricsMatchHandComputedValues()
    {
        var rows = new[]
        {
            new Row { Mass = 1.0f, PredictedMass = 1.5f, Age = 2f, PredictedAge = 1f, Snr = 5f },
            new Row { Mass = 2.0f, PredictedMass = 1.5f, Age = 4f, PredictedAge = 4f, Snr = 15f },
            new Row { Mass = 3.0f, PredictedMass = 3.0f, Age = 6f, PredictedAge = 9f, Snr = 150f },
            new Row { Mass = 2.0f, PredictedMass = 3.0f, Age = 8f, PredictedAge = 8f, Snr = 100f },
        };
        var ml = new MLContext();
        var m = TwoTargetEvaluator.Evaluate(ml.Data.LoadFromEnumerable(rows));

        // Mass residuals: +0.5, -0.5, 0, +1.
        Assert.Equal(4, m.Mass.Count);
        Assert.Equal(0.5, m.Mass.MeanAbsoluteError, 1e-9);
        Assert.Equal((0.25 + 0.25 + 0 + 1) / 4, m.Mass.MeanSquaredError, 1e-9);
        Assert.Equal(0.25, m.Mass.ResidualMean, 1e-9);
        Assert.Equal(Math.Sqrt(0.375 - 0.0625), m.Mass.ResidualStdDev, 1e-9);
        // Labels 1,2,3,2: mean 2, SST 2; SSE 1.5.
        Assert.Equal(1 - 1.5 / 2, m.Mass.RSquared, 1e-9);
        Assert.Equal(Math.Sqrt(0.375), m.Mass.RootMeanSquaredError, 1e-9);

        // Age residuals: -1, 0, +3, 0.
        Assert.Equal(1.0, m.Age.MeanAbsoluteError, 1e-9);
        Assert.Equal(0.5, m.Age.ResidualMean, 1e-9);

        // SNR bins: [0,10) has row 0, [10,20) row 1, >=100 rows 2 and 3.
        Assert.Equal(11, m.Mass.BySnr.Count);
        Assert.Equal((1L, 0.5), (m.Mass.BySnr[0].Count, m.Mass.BySnr[0].MeanAbsoluteError));
        Assert.Equal((1L, 0.5), (m.Mass.BySnr[1].Count, m.Mass.BySnr[1].MeanAbsoluteError));
        Assert.Equal(0L, m.Mass.BySnr[5].Count);
        Assert.True(double.IsNaN(m.Mass.BySnr[5].MeanAbsoluteError));
        Assert.Equal(">=100", m.Mass.BySnr[10].Label);
        Assert.Equal((2L, 0.5), (m.Mass.BySnr[10].Count, m.Mass.BySnr[10].MeanAbsoluteError));
        Assert.Equal("10-20", m.Age.BySnr[1].Label);
        Assert.Equal(1.5, m.Age.BySnr[10].MeanAbsoluteError, 1e-9);
    }

    [Fact]
    public void MissingOrMistypedColumnsAreNamed()
    {
        var ml = new MLContext();
        var data = ml.Data.LoadFromEnumerable(new[] { new { Mass = 1f, Age = 1f, PredictedMass = 1f } });
        var ex = Assert.Throws<ArgumentException>(() => TwoTargetEvaluator.Evaluate(data));
        Assert.Contains("'PredictedAge'", ex.Message);

        var typed = ml.Data.LoadFromEnumerable(new[] { new { Mass = 1.0, Age = 1f, PredictedMass = 1f, PredictedAge = 1f } });
        var ex2 = Assert.Throws<ArgumentException>(() => TwoTargetEvaluator.Evaluate(typed));
        Assert.Contains("'Mass'", ex2.Message);
        Assert.Contains("Double", ex2.Message);
    }

    [Fact]
    public void NonFiniteValuesNameTheRow()
    {
        var ml = new MLContext();
        var rows = new[]
        {
            new Row { Mass = 1, Age = 1, PredictedMass = 1, PredictedAge = 1, Snr = 1 },
            new Row { Mass = 1, Age = 1, PredictedMass = float.NaN, PredictedAge = 1, Snr = 1 },
        };
        var ex = Assert.Throws<InvalidDataException>(() => TwoTargetEvaluator.Evaluate(ml.Data.LoadFromEnumerable(rows)));
        Assert.Contains("row 1", ex.Message);
        Assert.Contains("PredictedMass", ex.Message);
    }

    [Fact]
    public void AMissingSnrNamesTheRowAndSaysHowToGetOne()
    {
        var ml = new MLContext();
        var rows = new[]
        {
            new Row { Mass = 1, Age = 1, PredictedMass = 1, PredictedAge = 1, Snr = 20 },
            new Row { Mass = 1, Age = 1, PredictedMass = 1, PredictedAge = 1, Snr = float.NaN },
        };
        var data = ml.Data.LoadFromEnumerable(rows);
        var ex = Assert.Throws<InvalidDataException>(() => TwoTargetEvaluator.Evaluate(data));
        Assert.Contains("row 1: column 'Snr' is NaN", ex.Message);
        Assert.Contains("PrepareLamostSpectrum", ex.Message);
        // Without bins, the same rows evaluate.
        var metrics = TwoTargetEvaluator.Evaluate(data, new TwoTargetColumns { Snr = null });
        Assert.Equal(2, metrics.Mass.Count);
        Assert.Empty(metrics.Mass.BySnr);
    }

    [Fact]
    public void MeanStdUsesTheSampleStandardDeviation()
    {
        var s = MeanStd.Of([1.0, 2.0, 3.0]);
        Assert.Equal(2.0, s.Mean, 1e-12);
        Assert.Equal(1.0, s.StdDev, 1e-12);
    }

    // LAMOST writes -9999 for a missing SNR: the evaluator names the row instead of binning it as 0-10.
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
