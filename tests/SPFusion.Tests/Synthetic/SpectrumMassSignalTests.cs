using SPFusion.Synthetic;

namespace SPFusion.Tests.Synthetic;

public sealed class SpectrumMassSignalTests
{
    /// <summary>
    /// The dredge-up signal must reach the pixels: at high SNR the CH G band, measured against Fe lines so metallicity
    /// cancels, weakens with mass, and the CN 4216 band strengthens relative to CH ([C/N] falls). Without it a network
    /// could only learn mass through Teff.
    /// </summary>
    [Fact]
    public void Carbon_bands_track_mass()
    {
        var rng = new Random(21);
        var mass = new List<double>();
        var chOverFe = new List<double>();
        var cnOverCh = new List<double>();
        for (int k = 0; k < 150; k++)
        {
            var labels = RedClumpLabelModel.Sample(rng);
            var s = SyntheticSpectrumModel.Render(labels, 150, 14, 0, rng);
            double ch = -Math.Log(Mean(s, 4296, 4316));
            double cn = -Math.Log(Mean(s, 4150, 4217));
            double fe = -Math.Log(Mean(s, 5268, 5272) * Mean(s, 5327, 5330) * Mean(s, 5404, 5408));
            mass.Add(labels.Mass);
            chOverFe.Add(Math.Log(ch) - Math.Log(fe));
            cnOverCh.Add(Math.Log(cn) - Math.Log(ch));
        }
        Assert.True(RedClumpLabelModelTests.Spearman(mass, chOverFe) < -0.4);
        Assert.True(RedClumpLabelModelTests.Spearman(mass, cnOverCh) > 0.5);
    }

    private static double Mean(SyntheticSpectrum s, double lo, double hi)
    {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < s.Wavelength.Length; i++)
        {
            if (s.Wavelength[i] < lo || s.Wavelength[i] > hi || s.Ivar[i] == 0) continue;
            sum += s.Normalization[i];
            n++;
        }
        Assert.True(n > 0);
        return sum / n;
    }
}
