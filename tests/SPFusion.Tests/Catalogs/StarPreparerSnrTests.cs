using System.Globalization;
using System.Text;
using SPFusion.Tests.Support;
using SPFusion.Transforms.Catalogs;

namespace SPFusion.Tests.Catalogs;

/// <summary>A star's SNR comes from the catalogue, else from the spectrum's SNRG; with neither it is a data error of that file.</summary>
public sealed class StarPreparerSnrTests : IDisposable
{
    private readonly TempFolder _temp = new("spfusion-snr");

    public void Dispose() => _temp.Dispose();

    private static string Dr10File() => RealSurveyCatalog.AllDr10().First();

    /// <summary>A copy of a real DR10 spectrum whose SNRG card is renamed (same length), so the header has no SNRG.</summary>
    private string WithoutSnrg()
    {
        byte[] bytes = File.ReadAllBytes(Dr10File());
        string text = Encoding.Latin1.GetString(bytes, 0, Math.Min(bytes.Length, 2880 * 20));
        int at = text.IndexOf("SNRG    =", StringComparison.Ordinal);
        Assert.True(at >= 0 && at % 80 == 0, "SNRG card not found");
        Encoding.Latin1.GetBytes("SNRX").CopyTo(bytes, at);
        string path = Path.Combine(_temp.Path, "no-snrg.fits");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private string Catalogue(string spectrum, string? snr)
    {
        var star = RealSurveyCatalog.Write(Path.Combine(_temp.Path, "real"), count: 1).Stars[0];
        string path = Path.Combine(_temp.Path, "catalog.csv");
        File.WriteAllLines(path,
        [
            snr is null ? "obsid,ra,dec,spectrum,g,r,i" : "obsid,ra,dec,spectrum,g,r,i,snr",
            string.Create(CultureInfo.InvariantCulture, $"7,{star.Ra:R},{star.Dec:R},{spectrum},{RealSurveyCatalog.FrameG},{RealSurveyCatalog.FrameR},{RealSurveyCatalog.FrameI}")
                + (snr is null ? "" : "," + snr),
        ]);
        return path;
    }

    [Fact]
    public void WithoutCatalogueSnrTheHeadersSnrgIsUsed()
    {
        var star = new StarPreparer().Prepare(SurveyCatalog.Read(Catalogue(Dr10File(), null)).Single());
        Assert.True(star.SpectrumSnrG > 0);
        Assert.Equal(star.SpectrumSnrG, star.Snr);
    }

    [Fact]
    public void WithNeitherTheStarIsADataErrorNamingTheFileAndTheKeyword()
    {
        string spectrum = WithoutSnrg();
        var entry = SurveyCatalog.Read(Catalogue(spectrum, null)).Single();
        var ex = Assert.Throws<InvalidDataException>(() => new StarPreparer().Prepare(entry));
        Assert.Contains($"{spectrum}: HDU 0: keyword SNRG is missing", ex.Message);
        Assert.Contains("obsid 7", ex.Message);
        // A skippable data error, so `prepare --on-error skip` and the quick start leave the star out with this reason.
        var (usable, skipped) = new StarPreparer().Partition([entry]);
        Assert.Empty(usable);
        Assert.Contains("SNRG", Assert.Single(skipped).Reason);
    }

    [Fact]
    public void ACatalogueSnrMakesAMissingSnrgHarmless()
    {
        var star = new StarPreparer().Prepare(SurveyCatalog.Read(Catalogue(WithoutSnrg(), "12.5")).Single());
        Assert.Equal(12.5, star.Snr);
    }
}
