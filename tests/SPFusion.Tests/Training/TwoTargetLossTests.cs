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
}
