using SPFusion.Tests.Support;
using SPFusion.Transforms.Fits;
using SPFusion.Transforms.Wcs;

namespace SPFusion.Tests.Wcs;

public class WcsPixelMappingTests
{
    private static TanWcs Header(params string[] parts)
    {
        string path = TestPaths.DataFile(parts);
        using var f = FitsFile.Open(path);
        return TanWcs.FromHeader(f.Primary.Header, path);
    }

    [Theory]
    [InlineData("r")]
    [InlineData("i")]
    public void FastTanMappingEqualsPixelToWorldToPixel(string band)
    {
        var g = Header("sdss", "frame-g-004510-4-0030.fits.bz2");
        var t = Header("sdss", $"frame-{band}-004510-4-0030.fits.bz2");
        var map = new WcsPixelMapping(g, t);
        for (double x = -50; x < 2100; x += 97.3)
        {
            for (double y = -50; y < 1540; y += 71.9)
            {
                Assert.True(map.TryMap(x, y, out double mx, out double my));
                var (ra, dec) = g.PixelToWorld(x, y);
                var (ex, ey) = t.WorldToPixel(ra, dec);
                Assert.Equal(ex, mx, 1e-8);
                Assert.Equal(ey, my, 1e-8);
            }
        }
    }

    [Fact]
    public void MappingAFrameToItselfIsTheIdentityWithAndWithoutSip()
    {
        foreach (var wcs in new[] { Header("sdss", "frame-g-008162-6-0080.fits.bz2"), Header("wcs", "sip.fits") })
        {
            var map = new WcsPixelMapping(wcs, wcs);
            Assert.True(map.TryMap(12.25, 200.75, out double x, out double y));
            Assert.Equal(12.25, x, 1e-8);
            Assert.Equal(200.75, y, 1e-8);
        }
    }

    [Fact]
    public void RowMappingEqualsPointMappingWithAndWithoutSip()
    {
        var pairs = new[]
        {
            (Header("sdss", "frame-g-004510-4-0030.fits.bz2"), Header("sdss", "frame-i-004510-4-0030.fits.bz2")),
            (Header("wcs", "sip.fits"), Header("wcs", "sip2.fits")),
        };
        foreach (var (from, to) in pairs)
        {
            var map = new WcsPixelMapping(from, to);
            var xs = new double[128];
            var ys = new double[128];
            map.MapRow(17, 33.5, xs, ys);
            for (int c = 0; c < 128; c++)
            {
                Assert.True(map.TryMap(17 + c, 33.5, out double x, out double y));
                Assert.Equal(x, xs[c], 1e-8);
                Assert.Equal(y, ys[c], 1e-8);
            }
        }
    }
}
