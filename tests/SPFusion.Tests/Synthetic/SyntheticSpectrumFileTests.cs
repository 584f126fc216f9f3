using SPFusion.Synthetic;
using SPFusion.Transforms.Fits;

namespace SPFusion.Tests.Synthetic;

[Collection(SyntheticSurveyCollection.Name)]
public sealed class SyntheticSpectrumFileTests(SyntheticSurveyFixture survey)
{
    private static readonly string[] Columns = ["FLUX", "IVAR", "WAVELENGTH", "ANDMASK", "ORMASK", "NORMALIZATION"];

    [Fact]
    public void Spectra_have_the_LAMOST_DR10_layout_and_match_the_catalogue()
    {
        var rows = SyntheticCatalogRow.ReadAll(survey.Summary.CatalogPath);
        foreach (var row in rows)
        {
            using var file = FitsFile.Open(Path.Combine(survey.Root, row.Spectrum));
            Assert.Equal(FitsCompression.Gzip, file.Compression);
            Assert.Equal(2, file.Hdus.Count);
            var h = file.Primary.Header;
            Assert.Equal(0, h.RequireInt64("NAXIS"));
            Assert.False(file.Primary.HasData);
            Assert.Equal(row.ObsId, h.RequireInt64("OBSID"));
            Assert.Equal(row.Snr, h.RequireDouble("SNRG"), 2);
            Assert.Equal(row.Ra, h.RequireDouble("RA"), 7);
            Assert.Equal(row.Dec, h.RequireDouble("DEC"), 7);
            Assert.Equal("STAR", h.RequireString("CLASS").Trim());
            Assert.Matches("^[GK][0-9]$", h.RequireString("SUBCLASS").Trim());
            Assert.InRange(Math.Abs(h.RequireDouble("Z")), 0, 0.002);
            foreach (string k in new[] { "SNRU", "SNRR", "SNRI", "SNRZ" }) Assert.True(h.RequireDouble(k) > 0, k);

            var table = file.GetTable("COADD");
            Assert.Equal(1, table.Index);
            Assert.Equal(1, table.RowCount);
            Assert.Equal(Columns, table.Columns.Select(c => c.Name));
            Assert.All(table.Columns, c => Assert.Equal("3909E", c.Format));

            var wl = table.ReadFloat64(0, "WAVELENGTH");
            Assert.Equal(Math.Pow(10, 3.5682), wl[0], 2);
            Assert.InRange(wl[^1], 9090, 9100);
            Assert.Equal(1e-4, Math.Log10(wl[2000] / wl[1999]), 6);
        }
    }

    [Fact]
    public void Masked_pixels_have_zero_inverse_variance_and_some_spectra_have_them()
    {
        int masked = 0;
        foreach (var star in survey.Summary.Stars)
        {
            using var file = FitsFile.Open(Path.Combine(survey.Root, star.SpectrumPath));
            var t = file.GetTable("COADD");
            var ivar = t.ReadFloat32(0, "IVAR");
            var or = t.ReadFloat32(0, "ORMASK");
            var and = t.ReadFloat32(0, "ANDMASK");
            for (int i = 0; i < ivar.Length; i++)
            {
                Assert.Equal(or[i] != 0, ivar[i] == 0);
                if (and[i] != 0) Assert.Equal(and[i], or[i]);
                if (or[i] != 0) masked++;
            }
        }
        Assert.InRange(masked, 1, survey.Summary.Stars.Count * 12);
    }

    [Fact]
    public void H_alpha_is_an_absorption_dip()
    {
        var star = survey.Summary.Stars.MaxBy(s => s.SnrG)!;
        var (wl, flux, _, z) = Read(star.SpectrumPath);
        double center = 6564.6 * (1 + z);
        double line = Mean(wl, flux, center - 2, center + 2);
        double continuum = (Mean(wl, flux, center - 45, center - 25) + Mean(wl, flux, center + 25, center + 45)) / 2;
        Assert.InRange(line / continuum, 0.2, 0.8);
    }

    [Fact]
    public void Noise_in_a_continuum_window_matches_the_header_SNRG()
    {
        foreach (var star in survey.Summary.Stars)
        {
            var (wl, flux, ivar, _) = Read(star.SpectrumPath);
            var diffs = new List<double>();
            var values = new List<double>();
            for (int i = 1; i < wl.Length; i++)
            {
                if (wl[i] < SpectralFeatureList.QuietWindowStart + 5 || wl[i] > SpectralFeatureList.QuietWindowEnd - 5 || ivar[i] == 0 || ivar[i - 1] == 0) continue;
                diffs.Add(flux[i] - flux[i - 1]);
                values.Add(flux[i]);
            }
            double noise = Math.Sqrt(diffs.Sum(d => d * d) / diffs.Count / 2);
            double measured = values.Average() / noise;
            Assert.InRange(measured / star.SnrG, 0.7, 1.3);
        }
    }

    private (double[] Wl, double[] Flux, double[] Ivar, double Z) Read(string relative)
    {
        using var file = FitsFile.Open(Path.Combine(survey.Root, relative));
        var t = file.GetTable("COADD");
        return (t.ReadFloat64(0, "WAVELENGTH"), t.ReadFloat64(0, "FLUX"), t.ReadFloat64(0, "IVAR"), file.Primary.Header.RequireDouble("Z"));
    }

    private static double Mean(double[] wl, double[] v, double lo, double hi)
    {
        var sel = Enumerable.Range(0, wl.Length).Where(i => wl[i] >= lo && wl[i] <= hi).Select(i => v[i]).ToList();
        Assert.NotEmpty(sel);
        return sel.Average();
    }
}
