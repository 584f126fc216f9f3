using SPFusion.ML.Training;

namespace SPFusion.Tests.Training;

public class ScheduleAndStoppingTests
{
    [Fact]
    public void CosineWarmRestartsMatchPyTorchsFormula()
    {
        var s = new CosineWarmRestartSchedule(1e-3, Period: 20, Multiplier: 1, Minimum: 1e-8);
        Assert.Equal(1e-3, s.LearningRate(0), 15);
        Assert.Equal(1e-8 + (1e-3 - 1e-8) * 0.5, s.LearningRate(10), 15);
        Assert.Equal(1e-8 + (1e-3 - 1e-8) * (1 + Math.Cos(Math.PI * 19 / 20)) / 2, s.LearningRate(19), 15);
        Assert.Equal(1e-3, s.LearningRate(20), 15); // warm restart
        Assert.Equal(s.LearningRate(7), s.LearningRate(47), 15);

        var doubling = new CosineWarmRestartSchedule(1, Period: 2, Multiplier: 2, Minimum: 0);
        // Cycles of 2, 4, 8 epochs: epochs 0-1, 2-5, 6-13.
        Assert.Equal(1, doubling.LearningRate(2), 12);
        Assert.Equal(0.5, doubling.LearningRate(4), 12);
        Assert.Equal(1, doubling.LearningRate(6), 12);
    }

    [Fact]
    public void EarlyStoppingNeedsTheMinimumImprovement()
    {
        var e = new EarlyStopping(Patience: 2, MinDelta: 0.005);
        Assert.True(e.Observe(1.0));
        Assert.False(e.Observe(0.996)); // not 0.005 better
        Assert.False(e.ShouldStop);
        Assert.True(e.Observe(0.99));
        Assert.False(e.Observe(0.99));
        Assert.False(e.Observe(0.99));
        Assert.True(e.ShouldStop);
        Assert.Equal(0.99, e.Best);
    }
}
