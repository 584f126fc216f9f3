using SPFusion.Synthetic;

namespace SPFusion.Tests.Synthetic;

public sealed class RedClumpLabelModelTests
{
    private static List<RedClumpLabels> Draw(int n, int seed)
    {
        var rng = new Random(seed);
        return [.. Enumerable.Range(0, n).Select(_ => RedClumpLabelModel.Sample(rng))];
    }

    [Fact]
    public void Labels_stay_in_the_red_clump_ranges()
    {
        var labels = Draw(400, 5);
        Assert.All(labels, l =>
        {
            Assert.InRange(l.Mass, 0.8, 2.5);
            Assert.InRange(l.Age, 0.5, 12);
            Assert.InRange(l.Teff, RedClumpLabelModel.MinTeff, RedClumpLabelModel.MaxTeff);
            Assert.Equal((4400.0, 5300.0), (RedClumpLabelModel.MinTeff, RedClumpLabelModel.MaxTeff)); // the documented clump range
            Assert.InRange(l.Logg, 2.3, 2.6);
            Assert.InRange(l.FeH, -1.0, 0.5);
        });
        double medianMass = labels.Select(l => l.Mass).Order().ElementAt(200);
        Assert.InRange(medianMass, 1.0, 1.4);
        Assert.InRange(labels.Average(l => l.FeH), -0.2, 0.0);
    }

    [Fact]
    public void Age_falls_with_mass_and_CN_falls_with_mass()
    {
        var labels = Draw(200, 9);
        Assert.True(Spearman(labels.Select(l => l.Mass), labels.Select(l => l.Age)) < -0.5);
        Assert.True(Spearman(labels.Select(l => l.Mass), labels.Select(l => l.CN)) < -0.5);
        Assert.True(Spearman(labels.Select(l => l.FeH), labels.Select(l => l.Teff)) < -0.5);
    }

    [Fact]
    public void Same_seed_same_labels()
    {
        Assert.Equal(Draw(50, 3), Draw(50, 3));
        Assert.NotEqual(Draw(50, 3), Draw(50, 4));
    }

    internal static double Spearman(IEnumerable<double> a, IEnumerable<double> b)
    {
        double[] ra = Ranks(a.ToArray()), rb = Ranks(b.ToArray());
        double ma = ra.Average(), mb = rb.Average();
        double cov = 0, va = 0, vb = 0;
        for (int i = 0; i < ra.Length; i++)
        {
            cov += (ra[i] - ma) * (rb[i] - mb);
            va += (ra[i] - ma) * (ra[i] - ma);
            vb += (rb[i] - mb) * (rb[i] - mb);
        }
        return cov / Math.Sqrt(va * vb);
    }

    private static double[] Ranks(double[] v)
    {
        var order = Enumerable.Range(0, v.Length).OrderBy(i => v[i]).ToArray();
        var ranks = new double[v.Length];
        for (int r = 0; r < order.Length; r++) ranks[order[r]] = r;
        return ranks;
    }
}
