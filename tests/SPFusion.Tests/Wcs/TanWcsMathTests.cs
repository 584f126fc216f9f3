using SPFusion.Transforms.Wcs;

namespace SPFusion.Tests.Wcs;

public class TanWcsMathTests
{
    public static TheoryData<string> Cases => ["tan1904", "sip2", "irac"];

    private static (TanWcs Wcs, (double X, double Y, double Ra, double Dec)[] Points) Case(string name) => name switch
    {
        "tan1904" => (WcsReference.Tan1904Wcs(), WcsReference.Tan1904),
        "sip2" => (WcsReference.Sip2Wcs(), WcsReference.Sip2),
        _ => (WcsReference.IracWcs(), WcsReference.Irac),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void PixelToWorldMatchesTheIndependentReference(string name)
    {
        var (wcs, points) = Case(name);
        foreach (var p in points)
        {
            var (ra, dec) = wcs.PixelToWorld(p.X, p.Y);
            Assert.Equal(p.Ra, ra, 1e-9);
            Assert.Equal(p.Dec, dec, 1e-9);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void WorldToPixelMatchesTheIndependentReference(string name)
    {
        var (wcs, points) = Case(name);
        foreach (var p in points)
        {
            var (x, y) = wcs.WorldToPixel(p.Ra, p.Dec);
            Assert.Equal(p.X, x, 1e-6);
            Assert.Equal(p.Y, y, 1e-6);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void PixelWorldPixelRoundTripsOnAGrid(string name)
    {
        var (wcs, _) = Case(name);
        for (double x = -20; x <= 280; x += 37.3)
        {
            for (double y = -20; y <= 280; y += 41.7)
            {
                var (ra, dec) = wcs.PixelToWorld(x, y);
                var (bx, by) = wcs.WorldToPixel(ra, dec);
                Assert.Equal(x, bx, 1e-6);
                Assert.Equal(y, by, 1e-6);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ReferencePixelMapsToTheReferencePoint(string name)
    {
        var (wcs, _) = Case(name);
        var (ra, dec) = wcs.PixelToWorld(wcs.CrPix1 - 1, wcs.CrPix2 - 1);
        Assert.Equal(wcs.CrVal1 % 360, ra, 1e-12);
        Assert.Equal(wcs.CrVal2, dec, 1e-12);
        var (x, y) = wcs.WorldToPixel(wcs.CrVal1, wcs.CrVal2);
        Assert.Equal(wcs.CrPix1 - 1, x, 1e-9);
        Assert.Equal(wcs.CrPix2 - 1, y, 1e-9);
    }

    [Fact]
    public void AntipodalPositionIsRefused()
    {
        var wcs = WcsReference.Sip2Wcs();
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => wcs.WorldToPixel(22.48, -47.17));
        Assert.Contains("sip2 (typed)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SingularCdIsAnInvalidDataError()
    {
        var ex = Assert.Throws<InvalidDataException>(() => new TanWcs(1, 1, 10, 10, new[,] { { 1e-4, 2e-4 }, { 2e-4, 4e-4 } }, source: "singular.fits"));
        Assert.Contains("singular.fits", ex.Message, StringComparison.Ordinal);
        Assert.Contains("singular", ex.Message, StringComparison.Ordinal);
    }
}
