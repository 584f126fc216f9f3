using Microsoft.ML;
using SPFusion.ML.Evaluation;
using SPFusion.Tests.Support;

namespace SPFusion.Tests.Evaluation;

/// <summary>The evaluator's uncertainty part: coverage, Gaussian NLL, sigma size, overall and per SNR bin.</summary>
public class UncertaintyMetricsTests
{
    private sealed class Row
    {
        public float Mass { get; set; }
        public float Age { get; set; }
        public float PredictedMass { get; set; }
        public float PredictedAge { get; set; }
        public float Snr { get; set; }
        public float MassSigma { get; set; }
    }

    // Binomial standard errors at n = 20,000: 0.0033 for a 68.3% share, 0.0015 for 95.4%; the tolerances are about 4.5 of them.
    private const int N = 20_000;
    private const double OneSigmaTolerance = 0.015, TwoSigmaTolerance = 0.007;

    [Fact]
    public void CalibratedGaussianSigmasCoverTheNormalShares()
    {
        var rows = SigmaRows.Gaussian(N, seed: 20);
        var m = TwoTargetEvaluator.Evaluate(new MLContext().Data.LoadFromEnumerable(rows));
        foreach (var t in new[] { m.Mass, m.Age })
        {
            var u = t.Uncertainty!;
            Assert.Equal(N, u.Count);
            Assert.InRange(u.WithinOneSigma, 0.6827 - OneSigmaTolerance, 0.6827 + OneSigmaTolerance);
            Assert.InRange(u.WithinTwoSigma, 0.9545 - TwoSigmaTolerance, 0.9545 + TwoSigmaTolerance);
        }
        // For a calibrated sigma the NLL's expectation is ½ ln(2π) + E[ln σ] + ½ (E[r²/σ²] = 1).
        double meanLogSigma = rows.Average(r => Math.Log(r.MassSigma));
        Assert.Equal(0.5 * Math.Log(2 * Math.PI) + meanLogSigma + 0.5, m.Mass.Uncertainty!.MeanNegativeLogLikelihood, 0.03);
        Assert.Equal(rows.Average(r => (double)r.MassSigma), m.Mass.Uncertainty.MeanSigma, 1e-9);

        // Every populated SNR bin is calibrated too (a few hundred stars each, so a wider tolerance: 5 standard errors).
        foreach (var bin in m.Age.BySnr.Where(b => b.Count > 0))
        {
            var u = bin.Uncertainty!;
            Assert.Equal(bin.Count, u.Count);
            double se = Math.Sqrt(0.6827 * 0.3173 / u.Count);
            Assert.InRange(u.WithinOneSigma, 0.6827 - 5 * se, 0.6827 + 5 * se);
        }
        // The constructed sigma falls with SNR, and so does the bins' median sigma.
        Assert.True(m.Mass.BySnr[0].Uncertainty!.MedianSigma > 1.3 * m.Mass.BySnr[6].Uncertainty!.MedianSigma);
    }

    [Fact]
    public void SigmasHalfTheSpreadCoverTheShareOfHalfAnInterval()
    {
        var m = TwoTargetEvaluator.Evaluate(new MLContext().Data.LoadFromEnumerable(SigmaRows.Gaussian(N, seed: 21, ageSigmaFactor: 0.5)));
        // ±1 claimed sigma is ±0.5 true sigma: P(|z| <= 0.5) = 0.3829; ±2 is ±1: 0.6827.
        Assert.InRange(m.Age.Uncertainty!.WithinOneSigma, 0.3829 - OneSigmaTolerance, 0.3829 + OneSigmaTolerance);
        Assert.InRange(m.Age.Uncertainty.WithinTwoSigma, 0.6827 - OneSigmaTolerance, 0.6827 + OneSigmaTolerance);
        Assert.InRange(m.Mass.Uncertainty!.WithinOneSigma, 0.6827 - OneSigmaTolerance, 0.6827 + OneSigmaTolerance);
    }

    [Fact]
    public void HandCaseCoverageMeansMedianAndBins()
    {
        // Mass residuals +0.5, -0.5, 0, +1 with sigmas 0.5, 1, 0.25, 0.375: |r|/σ = 1 (on the boundary: inside), 0.5, 0, 2.67.
        var rows = new[]
        {
            new Row { Mass = 1.0f, PredictedMass = 1.5f, Age = 2f, PredictedAge = 1f, Snr = 5f, MassSigma = 0.5f },
            new Row { Mass = 2.0f, PredictedMass = 1.5f, Age = 4f, PredictedAge = 4f, Snr = 15f, MassSigma = 1f },
            new Row { Mass = 3.0f, PredictedMass = 3.0f, Age = 6f, PredictedAge = 9f, Snr = 150f, MassSigma = 0.25f },
            new Row { Mass = 2.0f, PredictedMass = 3.0f, Age = 8f, PredictedAge = 8f, Snr = 100f, MassSigma = 0.375f },
        };
        var m = TwoTargetEvaluator.Evaluate(new MLContext().Data.LoadFromEnumerable(rows));
        var u = m.Mass.Uncertainty!;
        Assert.Equal(4, u.Count);
        Assert.Equal(0.75, u.WithinOneSigma);
        Assert.Equal(0.75, u.WithinTwoSigma);
        Assert.Equal((0.5 + 1 + 0.25 + 0.375) / 4, u.MeanSigma, 1e-12);
        Assert.Equal((0.375 + 0.5) / 2, u.MedianSigma, 1e-12);
        double Nll(double r, double s) => 0.5 * Math.Log(2 * Math.PI) + Math.Log(s) + r * r / (2 * s * s);
        Assert.Equal((Nll(0.5, 0.5) + Nll(-0.5, 1) + Nll(0, 0.25) + Nll(1, 0.375)) / 4, u.MeanNegativeLogLikelihood, 1e-9);

        // Bins: [0,10) row 0, [10,20) row 1, >=100 rows 2 and 3; [50,60) empty.
        Assert.Equal((1L, 1.0, 1.0, 0.5), (m.Mass.BySnr[0].Uncertainty!.Count, m.Mass.BySnr[0].Uncertainty!.WithinOneSigma, m.Mass.BySnr[0].Uncertainty!.WithinTwoSigma, m.Mass.BySnr[0].Uncertainty!.MedianSigma));
        Assert.Equal(1.0, m.Mass.BySnr[1].Uncertainty!.MedianSigma);
        var top = m.Mass.BySnr[10].Uncertainty!;
        Assert.Equal((2L, 0.5, 0.5), (top.Count, top.WithinOneSigma, top.WithinTwoSigma));
        Assert.Equal((0.25 + 0.375) / 2, top.MedianSigma, 1e-12);
        Assert.Equal((0.25 + 0.375) / 2, top.MeanSigma, 1e-12);
        Assert.Equal((Nll(0, 0.25) + Nll(1, 0.375)) / 2, top.MeanNegativeLogLikelihood, 1e-9);
        var empty = m.Mass.BySnr[5].Uncertainty!;
        Assert.Equal(0, empty.Count);
        Assert.True(double.IsNaN(empty.WithinOneSigma) && double.IsNaN(empty.MedianSigma) && double.IsNaN(empty.MeanNegativeLogLikelihood));

        // No AgeSigma column: the age metrics have no uncertainty part, and the rest is as without sigmas.
        Assert.Null(m.Age.Uncertainty);
        Assert.All(m.Age.BySnr, b => Assert.Null(b.Uncertainty));
        Assert.Equal(1.0, m.Age.MeanAbsoluteError, 1e-9);
        Assert.Equal(0.5, m.Mass.MeanAbsoluteError, 1e-9);
    }

    [Fact]
    public void CrossValidationSnrSummaryDoesNotPassOffOneFoldsUncertainty()
    {
        var ml = new MLContext();
        var folds = new[] { 40, 41 }.Select((seed, i) => new TwoTargetFoldResult(i + 1,
            TwoTargetEvaluator.Evaluate(ml.Data.LoadFromEnumerable(SigmaRows.Gaussian(300, seed))), null!, 0, 300, null!)).ToArray();
        var cv = new TwoTargetCrossValidationResult(folds);
        Assert.NotNull(folds[0].Metrics.Mass.BySnr[3].Uncertainty);
        Assert.All(cv.SnrSummary(m => m.Mass), b => Assert.Null(b.Bin.Uncertainty));
        Assert.Equal(folds.Sum(f => f.Metrics.Mass.BySnr[3].Count), cv.SnrSummary(m => m.Mass)[3].Bin.Count);
    }

    [Theory]
    [InlineData(1.0, 1.0, 1.4189385332046727)] // ½ ln(2π) + 0 + ½
    [InlineData(0.0, Math.E, 1.9189385332046727)] // ½ ln(2π) + 1 + 0
    [InlineData(3.0, 2.0, 2.737085713764618)] // ½ ln(2π) + ln 2 + 9/8
    public void NegativeLogLikelihoodIsTheGaussianFormula(double residual, double sigma, double expected)
    {
        Assert.Equal(expected, GaussianCoverage.NegativeLogLikelihood(residual, sigma), 1e-12);
        // Through the evaluator, one star (labels 0, so the prediction is the residual).
        var row = new SigmaRow { PredictedMass = (float)residual, MassSigma = (float)sigma, AgeSigma = 1, Snr = 50 };
        var m = TwoTargetEvaluator.Evaluate(new MLContext().Data.LoadFromEnumerable(new[] { row }));
        Assert.Equal(expected, m.Mass.Uncertainty!.MeanNegativeLogLikelihood, 1e-6);
    }

    [Fact]
    public void WithoutSigmaColumnsNothingChanges()
    {
        var rows = SigmaRows.Gaussian(50, seed: 3);
        var ml = new MLContext();
        var plain = ml.Data.LoadFromEnumerable(rows.Select(r => new { r.Mass, r.Age, r.PredictedMass, r.PredictedAge, r.Snr }));
        var without = TwoTargetEvaluator.Evaluate(plain);
        Assert.Null(without.Mass.Uncertainty);
        Assert.Null(without.Age.Uncertainty);
        Assert.All(without.Mass.BySnr, b => Assert.Null(b.Uncertainty));

        // The same rows with sigma columns: identical regression metrics, and the names can be switched off.
        var with = TwoTargetEvaluator.Evaluate(ml.Data.LoadFromEnumerable(rows));
        Assert.Equal(without.Mass.MeanAbsoluteError, with.Mass.MeanAbsoluteError);
        Assert.Equal(without.Age.BySnr.Select(b => b.MeanAbsoluteError), with.Age.BySnr.Select(b => b.MeanAbsoluteError));
        var off = TwoTargetEvaluator.Evaluate(ml.Data.LoadFromEnumerable(rows), new TwoTargetColumns { MassSigma = null, AgeSigma = null });
        Assert.Null(off.Mass.Uncertainty);
        Assert.Equal(without, off with { }, new MetricsComparer());
    }

    [Fact]
    public void SigmaColumnNamesAreConfigurable()
    {
        var rows = new[] { new { Mass = 1f, Age = 2f, PredictedMass = 1.1f, PredictedAge = 2f, Snr = 30f, Sm = 0.2f, Sa = 0.5f } };
        var m = TwoTargetEvaluator.Evaluate(new MLContext().Data.LoadFromEnumerable(rows), new TwoTargetColumns { MassSigma = "Sm", AgeSigma = "Sa" });
        Assert.Equal(1.0, m.Mass.Uncertainty!.WithinOneSigma);
        Assert.Equal(0.5, m.Age.Uncertainty!.MedianSigma);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(-0.1f)]
    [InlineData(0f)]
    public void ASigmaThatIsNotPositiveNamesTheRowAndColumn(float sigma)
    {
        var rows = SigmaRows.Gaussian(3, seed: 4);
        rows[2].AgeSigma = sigma;
        var ex = Assert.Throws<InvalidDataException>(() => TwoTargetEvaluator.Evaluate(new MLContext().Data.LoadFromEnumerable(rows)));
        Assert.StartsWith($"row 2: column 'AgeSigma' is {sigma}; a sigma must be a finite number > 0", ex.Message);
    }

    [Fact]
    public void AMistypedSigmaColumnIsNamed()
    {
        var rows = new[] { new { Mass = 1f, Age = 2f, PredictedMass = 1.1f, PredictedAge = 2f, MassSigma = 0.2 } };
        var ex = Assert.Throws<ArgumentException>(() => TwoTargetEvaluator.Evaluate(new MLContext().Data.LoadFromEnumerable(rows)));
        Assert.Contains("'MassSigma'", ex.Message);
    }

    [Fact]
    public void CalibrationCurveCountsTheCentralIntervals()
    {
        // Ratios |r|/σ of 0.1, 0.3, ..., 1.9: a share of them inside each nominal interval's half-width.
        var ratios = Enumerable.Range(0, 10).Select(i => 0.1 + 0.2 * i).ToArray();
        var curve = GaussianCoverage.Curve(ratios);
        Assert.Equal(10, curve.Count);
        Assert.Equal([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95], curve.Select(p => p.Expected));
        // Half-widths 0.126, 0.253, 0.385, 0.524, 0.674, 0.842, 1.036, 1.282, 1.645, 1.960.
        Assert.Equal([0.1, 0.1, 0.2, 0.3, 0.3, 0.4, 0.5, 0.6, 0.8, 1.0], curve.Select(p => p.Observed));
        // Each half-width is the normal quantile: P(|z| <= z_p) = p, checked by the NLL's own density (numerical integral).
        foreach (var (nominal, halfWidth) in GaussianCoverage.CurveLevels)
        {
            const int steps = 20_000;
            double h = halfWidth / steps, integral = 0;
            for (int i = 0; i < steps; i++) integral += 2 * h * Math.Exp(-GaussianCoverage.NegativeLogLikelihood((i + 0.5) * h, 1));
            Assert.Equal(nominal, integral, 1e-8);
        }
    }

    [Fact]
    public void CalibrationCurveOfGaussianResidualsFollowsTheDiagonal()
    {
        var rows = SigmaRows.Gaussian(N, seed: 22);
        var curve = GaussianCoverage.Curve(rows.Select(r => Math.Abs((double)r.PredictedAge - r.Age) / r.AgeSigma).ToArray());
        Assert.All(curve, p => Assert.InRange(p.Observed, p.Expected - OneSigmaTolerance, p.Expected + OneSigmaTolerance));
    }

    /// <summary>Compares metrics by their regression values and bins (records with lists compare by reference).</summary>
    private sealed class MetricsComparer : IEqualityComparer<TwoTargetMetrics>
    {
        public bool Equals(TwoTargetMetrics? x, TwoTargetMetrics? y) =>
            x is not null && y is not null && Same(x.Mass, y.Mass) && Same(x.Age, y.Age);

        public int GetHashCode(TwoTargetMetrics obj) => 0;

        private static bool Same(TargetMetrics a, TargetMetrics b) =>
            (a with { BySnr = b.BySnr }) == b && a.BySnr.SequenceEqual(b.BySnr);
    }
}
