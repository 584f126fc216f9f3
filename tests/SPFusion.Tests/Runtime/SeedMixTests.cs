using SPFusion.ML.Runtime;

namespace SPFusion.Tests.Runtime;

public class SeedMixTests
{
    /// <summary>
    /// Golden values from an independent Python SplitMix64 implementation: a per-process randomised hash (as
    /// HashCode.Combine is) would give other values in almost every test run, and other splits in every training run.
    /// </summary>
    [Theory]
    [InlineData(new long[] { 42, 0x2545F491 }, -1160927560)]
    [InlineData(new long[] { 42, 3, 0x5f3759df }, -1193217181)]
    [InlineData(new long[] { 7, 0x2545F491 }, 1573839147)]
    public void SubSeedsAreTheSameInEveryProcess(long[] parts, int expected) =>
        Assert.Equal(expected, SeedMix.Combine(parts));

    [Fact]
    public void NeighbouringEpochsAndSeedsGetDifferentSubSeeds()
    {
        var seeds = new HashSet<int>();
        for (int seed = 0; seed < 20; seed++)
        {
            for (int epoch = 0; epoch < 150; epoch++) seeds.Add(SeedMix.Combine(seed, epoch, 0x5f3759df));
        }
        Assert.Equal(20 * 150, seeds.Count);
    }
}
