using SPFusion.Transforms.Wcs;

namespace SPFusion.Tests.Wcs;

public class TanWcsHeaderParserTests
{
    private static Dictionary<string, object> Plain() => new()
    {
        ["CTYPE1"] = "RA---TAN",
        ["CTYPE2"] = "DEC--TAN",
        ["CRPIX1"] = 100.0,
        ["CRPIX2"] = 200.0,
        ["CRVAL1"] = 150.0,
        ["CRVAL2"] = 30.0,
        ["CD1_1"] = -1e-4,
        ["CD1_2"] = 2e-5,
        ["CD2_1"] = 3e-5,
        ["CD2_2"] = 1e-4,
    };

    private static TanWcs Parse(Dictionary<string, object> d, string source = "test.fits") =>
        TanWcsHeaderParser.Parse(WcsKeywords.FromDictionary(d), source);

    [Fact]
    public void CdMatrixIsTakenAsIs()
    {
        var w = Parse(Plain());
        Assert.Equal((-1e-4, 2e-5, 3e-5, 1e-4), (w.Cd11, w.Cd12, w.Cd21, w.Cd22));
        Assert.Null(w.Sip);
        Assert.Equal(180.0, w.LonPole);
    }

    [Fact]
    public void PcWithCdeltScalesRows()
    {
        var d = Plain();
        foreach (var k in new[] { "CD1_1", "CD1_2", "CD2_1", "CD2_2" })
            d.Remove(k);
        d["CDELT1"] = -2.0;
        d["CDELT2"] = 3.0;
        d["PC1_1"] = 0.5;
        d["PC1_2"] = 0.25;
        d["PC2_1"] = -0.125;
        var w = Parse(d);
        Assert.Equal((-1.0, -0.5, -0.375, 3.0), (w.Cd11, w.Cd12, w.Cd21, w.Cd22));
    }

    [Fact]
    public void CrotaRotatesCdelt()
    {
        var d = Plain();
        foreach (var k in new[] { "CD1_1", "CD1_2", "CD2_1", "CD2_2" })
            d.Remove(k);
        d["CDELT1"] = -1e-4;
        d["CDELT2"] = 2e-4;
        d["CROTA2"] = 30.0;
        var w = Parse(d);
        double c = Math.Cos(Math.PI / 6), s = Math.Sin(Math.PI / 6);
        Assert.Equal(-1e-4 * c, w.Cd11, 1e-18);
        Assert.Equal(-2e-4 * s, w.Cd12, 1e-18);
        Assert.Equal(-1e-4 * s, w.Cd21, 1e-18);
        Assert.Equal(2e-4 * c, w.Cd22, 1e-18);
    }

    [Theory]
    [InlineData("CTYPE1", "RA---SIN", "CTYPE1")]
    [InlineData("CTYPE2", "GLAT-TAN", "CTYPE2")]
    [InlineData("PLTRAH", 14.0, "PLTRAH")]
    [InlineData("CUNIT1", "arcsec", "CUNIT1")]
    public void NonTanHeadersAreRefusedNamingKeywordAndSource(string key, object value, string expected)
    {
        var d = Plain();
        d[key] = value;
        var ex = Assert.Throws<InvalidDataException>(() => Parse(d, "odd.fits"));
        Assert.Contains("odd.fits", ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("CRPIX1")]
    [InlineData("CRVAL2")]
    [InlineData("CTYPE1")]
    public void MissingKeywordsAreNamed(string key)
    {
        var d = Plain();
        d.Remove(key);
        var ex = Assert.Throws<InvalidDataException>(() => Parse(d, "partial.fits"));
        Assert.Contains("partial.fits", ex.Message, StringComparison.Ordinal);
        Assert.Contains(key, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingLinearPartIsNamed()
    {
        var d = Plain();
        foreach (var k in new[] { "CD1_1", "CD1_2", "CD2_1", "CD2_2" })
            d.Remove(k);
        var ex = Assert.Throws<InvalidDataException>(() => Parse(d, "nolinear.fits"));
        Assert.Contains("CDELT1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SingularCdIsNamed()
    {
        var d = Plain();
        d["CD1_2"] = 0.0;
        d["CD1_1"] = 0.0;
        var ex = Assert.Throws<InvalidDataException>(() => Parse(d, "flat.fits"));
        Assert.Contains("flat.fits", ex.Message, StringComparison.Ordinal);
        Assert.Contains("singular", ex.Message, StringComparison.Ordinal);
        Assert.Contains("from CDi_j", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SingularPcOrCdeltMatrixNamesTheKeywordsItCameFrom()
    {
        var pc = Plain();
        foreach (var k in new[] { "CD1_1", "CD1_2", "CD2_1", "CD2_2" }) pc.Remove(k);
        pc["PC1_1"] = 1.0;
        pc["PC2_2"] = 1.0;
        pc["CDELT1"] = -1e-4;
        pc["CDELT2"] = 0.0;
        var ex = Assert.Throws<InvalidDataException>(() => Parse(pc, "pc.fits"));
        Assert.Contains("pc.fits: the pixel-to-sky matrix from PCi_j and CDELTi", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("CD matrix", ex.Message, StringComparison.Ordinal);

        var crota = Plain();
        foreach (var k in new[] { "CD1_1", "CD1_2", "CD2_1", "CD2_2" }) crota.Remove(k);
        crota["CDELT1"] = 0.0;
        crota["CDELT2"] = 1e-4;
        crota["CROTA2"] = 30.0;
        ex = Assert.Throws<InvalidDataException>(() => Parse(crota, "crota.fits"));
        Assert.Contains("crota.fits: the pixel-to-sky matrix from CDELTi and CROTA2", ex.Message, StringComparison.Ordinal);
        Assert.Contains("singular", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SipNeedsItsOrders()
    {
        var d = Plain();
        d["CTYPE1"] = "RA---TAN-SIP";
        d["CTYPE2"] = "DEC--TAN-SIP";
        d["A_ORDER"] = 2.0;
        d["A_2_0"] = 1e-5;
        var ex = Assert.Throws<InvalidDataException>(() => Parse(d, "sip.fits"));
        Assert.Contains("B_ORDER", ex.Message, StringComparison.Ordinal);

        d["B_ORDER"] = 2.0;
        d["B_0_2"] = -2e-5;
        var w = Parse(d);
        Assert.NotNull(w.Sip);
        Assert.Equal(1e-5, w.Sip!.A[2, 0]);
        Assert.Equal(-2e-5, w.Sip.B[0, 2]);
        Assert.False(w.Sip.HasInverse);
    }
}
