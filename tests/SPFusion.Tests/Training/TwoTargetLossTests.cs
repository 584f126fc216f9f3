using SPFusion.ML.Training;
using static TorchSharp.torch;

namespace SPFusion.Tests.Training;

public class TwoTargetLossTests
{
    [Fact]
    public void TheSquaredErrorIsTheAuthorsWeightedMse()
    {
        using var prediction = tensor(new float[] { 1.1f, 5f, 0.9f, 3f }, [2, 2]);
        using var targets = tensor(new float[] { 1.0f, 4f, 1.0f, 4f }, [2, 2]);
        var loss = new TwoTargetLoss(100, 1);
        using var value = loss.Compute(prediction, targets);
        // 100 * mean(0.01, 0.01) + mean(1, 1)
        Assert.Equal(2.0, value.item<float>(), 5);
        var sums = loss.Sums(prediction, targets);
        Assert.Equal(2.0, loss.FromSums(sums, 2), 5);
        Assert.Equal(0.2, sums.AbsMass, 5);
        Assert.Equal(2.0, sums.AbsAge, 5);
    }

    [Fact]
    public void HuberMatchesTheSquaredErrorBelowTheThresholdAndGrowsLinearlyAbove()
    {
        // Mass residuals 0.05 (inside 0.1) and 0.5 (outside); age residuals 1 (inside 2) and -4 (outside).
        using var prediction = tensor(new float[] { 1.05f, 5f, 1.5f, 0f }, [2, 2]);
        using var targets = tensor(new float[] { 1.0f, 4f, 1.0f, 4f }, [2, 2]);
        var loss = new TwoTargetLoss(100, 1, (0.1, 2.0));
        using var value = loss.Compute(prediction, targets);
        double mass = (0.0025 + ((2 * 0.1 * 0.5) - 0.01)) / 2; // r^2, then 2 d |r| - d^2
        double age = (1 + ((2 * 2.0 * 4) - 4)) / 2;
        Assert.Equal((100 * mass) + age, value.item<float>(), 4);
        Assert.Equal((100 * mass) + age, loss.FromSums(loss.Sums(prediction, targets), 2), 4);
    }

    [Fact]
    public void TheGaussianLikelihoodWeighsEachResidualByItsPredictedVariance()
    {
        // Residuals: mass 0.1 and 0.0, age 1 and -2; log-variances: mass log 0.01 (sigma 0.1) and 0, age 0 and log 4.
        using var prediction = tensor(new float[] { 1.1f, 5f, 1.0f, 2f }, [2, 2]);
        using var targets = tensor(new float[] { 1.0f, 4f, 1.0f, 4f }, [2, 2]);
        using var logVariance = tensor(new float[] { MathF.Log(0.01f), 0f, 0f, MathF.Log(4f) }, [2, 2]);
        var loss = TwoTargetLoss.GaussianLikelihood(100, 1);
        Assert.True(loss.IsGaussian);
        using var value = loss.Compute(prediction, targets, logVariance);
        double mass = ((0.5 * (Math.Log(0.01) + 1)) + (0.5 * (0 + 0))) / 2; // 0.5 (s + r^2 e^-s) per star
        double age = ((0.5 * (0 + 1)) + (0.5 * (Math.Log(4) + 1))) / 2;
        Assert.Equal((100 * mass) + age, value.item<float>(), 3);
        var sums = loss.Sums(prediction, targets, logVariance);
        Assert.Equal((100 * mass) + age, loss.FromSums(sums, 2), 3);
        Assert.Equal(0.1, sums.AbsMass, 5); // the absolute errors stay what they are
        Assert.Equal(3.0, sums.AbsAge, 5);
        Assert.Throws<ArgumentNullException>(() => loss.Compute(prediction, targets));
    }

    [Fact]
    public void TheLikelihoodStaysFiniteForExtremeLogVariancesAndItsGradientPullsSigmaTowardTheResidual()
    {
        using var prediction = tensor(new float[] { 1.5f, 4f }, [1, 2]);
        using var targets = tensor(new float[] { 1.0f, 4f }, [1, 2]);
        // e^-(-500) would overflow: the bound keeps the loss finite.
        using var extreme = tensor(new float[] { -500f, 500f }, [1, 2]);
        using var bounded = TwoTargetLoss.GaussianLikelihood(100, 1).Compute(prediction, targets, extreme);
        Assert.True(float.IsFinite(bounded.item<float>()));

        // At s = 0 with residual 0.5 the slope 0.5 (1 - r^2 e^-s) = 0.375 > 0: the variance is pushed down toward r^2.
        using var s = tensor(new float[] { 0f, 0f }, [1, 2]).requires_grad_();
        using var value = TwoTargetLoss.GaussianLikelihood(1, 1).Compute(prediction, targets, s);
        value.backward();
        Assert.Equal(0.375, s.grad!.data<float>()[0], 5);
        Assert.Equal(0.5, s.grad!.data<float>()[1], 5); // zero residual: 0.5, the variance shrinks
    }
}
