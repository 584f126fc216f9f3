using Microsoft.ML;
using SPFusion.ML.Evaluation;
using SPFusion.Tests.Support;

namespace SPFusion.Tests.Evaluation;

/// <summary>The validation scale factor per target: the 0.6827 quantile of |r|/σ, and its effect on coverage.</summary>
public class SigmaCalibrationTests
{
    private const int N = 20_000;

    [Fact]
    public void SigmasTwiceTooSmallGetAFactorOfTwo()
    {
        // Mass sigmas claim half the true spread, age sigmas three times it.
        var ml = new MLContext();
        var validation = ml.Data.LoadFromEnumerable(SigmaRows.Gaussian(N, seed: 30, massSigmaFactor: 0.5, ageSigmaFactor: 3));
        var calibration = SigmaCalibration.Fit(validation);

        // The sample 0.6827 quantile of |z| has a standard error of about 0.007 at n = 20,000 (0.014 after the factor 2).
        Assert.Equal(2.0, calibration.Mass.Scale, 0.05);
        Assert.Equal(1 / 3.0, calibration.Age.Scale, 0.01);
        Assert.Equal(calibration.Scales, (calibration.Mass.Scale, calibration.Age.Scale));
        Assert.Equal(N, calibration.Mass.Count);
        // Before: ±1 claimed sigma is ±0.5 true sigma, P(|z| <= 0.5) = 0.3829; for age ±3, P(|z| <= 3) = 0.9973.
        Assert.Equal(0.3829, calibration.Mass.CoverageBefore, 0.015);
        Assert.Equal(0.9973, calibration.Age.CoverageBefore, 0.002);
        // After: exactly the ⌈0.6827 n⌉ rows with the smallest ratios (continuous draws do not tie).
        double after = Math.Ceiling(SigmaCalibration.TargetCoverage * N) / N;
        Assert.Equal(after, calibration.Mass.CoverageAfter);
        Assert.Equal(after, calibration.Age.CoverageAfter);

        // Applied to new rows of the same model, the coverage is near 68.3% for both targets.
        var test = ml.Data.LoadFromEnumerable(SigmaRows.Gaussian(N, seed: 31, massSigmaFactor: 0.5, ageSigmaFactor: 3));
        var before = TwoTargetEvaluator.Evaluate(test);
        var calibrated = TwoTargetEvaluator.Evaluate(calibration.Apply(test));
        Assert.Equal(0.3829, before.Mass.Uncertainty!.WithinOneSigma, 0.015);
        foreach (var u in new[] { calibrated.Mass.Uncertainty!, calibrated.Age.Uncertainty! })
        {
            Assert.Equal(0.6827, u.WithinOneSigma, 0.015);
            Assert.Equal(0.9545, u.WithinTwoSigma, 0.007);
        }
        Assert.Equal(before.Mass.Uncertainty.MeanSigma * calibration.Mass.Scale, calibrated.Mass.Uncertainty!.MeanSigma, 1e-6);
        // The labels, predictions and their metrics pass through untouched.
        Assert.Equal(before.Mass.MeanAbsoluteError, calibrated.Mass.MeanAbsoluteError);
        Assert.Equal(before.Age.RSquared, calibrated.Age.RSquared);
    }

    [Fact]
    public void OnTheValidationRowsTheScaledCoverageIsTheFittedOne()
    {
        var ml = new MLContext();
        var validation = ml.Data.LoadFromEnumerable(SigmaRows.Gaussian(5_000, seed: 32, massSigmaFactor: 0.7, ageSigmaFactor: 1.6));
        var calibration = SigmaCalibration.Fit(validation);
        var m = TwoTargetEvaluator.Evaluate(calibration.Apply(validation));
        // Rounding the scaled sigma to float may put the one boundary row (|r| = σ' exactly) just outside.
        Assert.InRange(m.Mass.Uncertainty!.WithinOneSigma, calibration.Mass.CoverageAfter - 1.0 / 5_000, calibration.Mass.CoverageAfter);
        Assert.InRange(m.Age.Uncertainty!.WithinOneSigma, calibration.Age.CoverageAfter - 1.0 / 5_000, calibration.Age.CoverageAfter);
        Assert.InRange(calibration.Mass.CoverageAfter, SigmaCalibration.TargetCoverage, SigmaCalibration.TargetCoverage + 1.0 / 5_000);
    }

    [Fact]
    public void HandCaseTakesTheCeilingRankRatio()
    {
        // Mass ratios |r|/σ: 0.5, 1, 2, 4. Rank ⌈0.6827 · 4⌉ = 3, so the factor is the third smallest ratio, 2.
        // Age ratios: 0.25, 0.25, 0.25, 1 -> factor 0.25 (ties: every tied row is inside afterwards).
        var rows = new[]
        {
            new SigmaRow { Mass = 1, PredictedMass = 1.5f, MassSigma = 1, Age = 1, PredictedAge = 1.25f, AgeSigma = 1 },
            new SigmaRow { Mass = 1, PredictedMass = 0.5f, MassSigma = 0.5f, Age = 1, PredictedAge = 0.75f, AgeSigma = 1 },
            new SigmaRow { Mass = 1, PredictedMass = 2f, MassSigma = 0.5f, Age = 1, PredictedAge = 1.5f, AgeSigma = 2 },
            new SigmaRow { Mass = 1, PredictedMass = 3f, MassSigma = 0.5f, Age = 1, PredictedAge = 2f, AgeSigma = 1 },
        };
        var calibration = SigmaCalibration.Fit(new MLContext().Data.LoadFromEnumerable(rows));
        Assert.Equal(new TargetSigmaCalibration(4, 2, 0.5, 0.75), calibration.Mass);
        Assert.Equal(new TargetSigmaCalibration(4, 0.25, 1, 0.75), calibration.Age);
    }

    [Fact]
    public void ApplyScalesOnlyTheSigmaColumnsInRowOrder()
    {
        var ml = new MLContext();
        var rows = SigmaRows.Gaussian(40, seed: 33);
        var calibration = new SigmaCalibration(new TargetSigmaCalibration(1, 1.5, 0, 0), new TargetSigmaCalibration(1, 0.25, 0, 0));
        var scaled = ml.Data.CreateEnumerable<SigmaRow>(calibration.Apply(ml.Data.LoadFromEnumerable(rows)), reuseRowObject: false).ToArray();
        Assert.Equal(rows.Length, scaled.Length);
        for (int i = 0; i < rows.Length; i++)
        {
            Assert.Equal((float)(rows[i].MassSigma * 1.5), scaled[i].MassSigma);
            Assert.Equal((float)(rows[i].AgeSigma * 0.25), scaled[i].AgeSigma);
            Assert.Equal((rows[i].Mass, rows[i].Age, rows[i].PredictedMass, rows[i].PredictedAge, rows[i].Snr),
                (scaled[i].Mass, scaled[i].Age, scaled[i].PredictedMass, scaled[i].PredictedAge, scaled[i].Snr));
        }
    }

    [Fact]
    public void MissingSigmasAndZeroResidualsAreRefused()
    {
        var ml = new MLContext();
        var noSigma = ml.Data.LoadFromEnumerable(new[] { new { Mass = 1f, Age = 1f, PredictedMass = 1f, PredictedAge = 1f, MassSigma = 1f } });
        var missing = Assert.Throws<ArgumentException>(() => SigmaCalibration.Fit(noSigma));
        Assert.Contains("'AgeSigma'", missing.Message);
        Assert.Throws<ArgumentException>(() => SigmaCalibration.Fit(noSigma, new TwoTargetColumns { AgeSigma = null }));

        var rows = SigmaRows.Gaussian(10, seed: 34);
        foreach (var r in rows.Take(8)) r.PredictedAge = r.Age;
        var zero = Assert.Throws<InvalidDataException>(() => SigmaCalibration.Fit(ml.Data.LoadFromEnumerable(rows)));
        Assert.Contains("'AgeSigma'", zero.Message);
        Assert.Contains("exactly 0", zero.Message);

        rows = SigmaRows.Gaussian(10, seed: 35);
        rows[7].MassSigma = 0;
        var bad = Assert.Throws<InvalidDataException>(() => SigmaCalibration.Fit(ml.Data.LoadFromEnumerable(rows)));
        Assert.StartsWith("row 7: column 'MassSigma' is 0", bad.Message);
    }
}
