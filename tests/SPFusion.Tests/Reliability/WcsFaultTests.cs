using System.Text;
using SPFusion.Tests.Support;
using SPFusion.Transforms.Fits;
using SPFusion.Transforms.Wcs;

namespace SPFusion.Tests.Reliability;

/// <summary>
/// Real WCS headers broken the ways survey files break (singular matrix, other projection, missing keywords, wrong value
/// types) fail with an exception naming the source and the keyword, through the same path the image preparation uses.
/// </summary>
public sealed class WcsFaultTests : IDisposable
{
    private const string SdssSource = "frame-g-004510-4-0030.fits.bz2[0]";
    private readonly TempFolder _temp = new("spfusion-wcs");

    public void Dispose() => _temp.Dispose();

    private static byte[] SdssHeader() => FitsBytes.SdssHeaderSlice();

    private static FitsHeader Parse(byte[] header) => FitsHeader.ParseHeaderText(Encoding.Latin1.GetString(header), SdssSource);

    private static byte[] Set(byte[] header, params (string Key, string Value)[] cards)
    {
        foreach (var (key, value) in cards) header = FitsBytes.SetCard(header, 0, key, value) ?? throw new InvalidOperationException($"{key} not in header");
        return header;
    }

    private static byte[] Remove(byte[] header, params string[] keys)
    {
        foreach (string key in keys)
        {
            int at = FitsBytes.FindCard(header, 0, key);
            Assert.True(at >= 0, $"{key} not in header");
            header = FitsBytes.Overwrite(header, at, new string(' ', FitsBytes.Card));
        }
        return header;
    }

    private static void AssertNames(Exception ex, params string[] fragments)
    {
        foreach (string f in fragments) Assert.True(ex.Message.Contains(f, StringComparison.Ordinal), $"'{f}' not in: {ex.Message}");
    }

    [Fact]
    public void TheIntactSdssHeaderParses()
    {
        var wcs = TanWcs.FromHeader(Parse(SdssHeader()), SdssSource);
        Assert.Equal(200.453125020, wcs.CrVal1, 12);
    }

    [Fact]
    public void ZeroCdMatrixRowIsSingular()
    {
        var ex = Assert.Throws<InvalidDataException>(() => TanWcs.FromHeader(Parse(Set(SdssHeader(), ("CD1_1", "0.0"), ("CD1_2", "0.0"))), SdssSource));
        AssertNames(ex, SdssSource, "matrix from CDi_j", "singular");
    }

    [Fact]
    public void ProportionalCdRowsAreSingular()
    {
        // Exactly proportional rows: a*(2b) and b*(2a) round identically, so the determinant is exactly zero.
        var header = Set(SdssHeader(), ("CD1_1", "1.5E-05"), ("CD1_2", "1.25E-04"), ("CD2_1", "3.0E-05"), ("CD2_2", "2.5E-04"));
        var ex = Assert.Throws<InvalidDataException>(() => TanWcs.FromHeader(Parse(header), SdssSource));
        AssertNames(ex, SdssSource, "singular");
    }

    [Fact]
    public void ZeroCdeltInAPcHeaderIsSingular()
    {
        string path = TestPaths.DataFile("wcs", "sip.fits");
        string broken = Path.Combine(_temp.Path, "sip-cdelt0.fits");
        File.WriteAllBytes(broken, FitsBytes.SetCard(File.ReadAllBytes(path), 0, "CDELT2", "0")!);
        using var file = FitsFile.Open(broken);
        var ex = Assert.Throws<InvalidDataException>(() => TanWcs.FromHeader(file.Primary.Header, broken));
        AssertNames(ex, broken, "singular");
    }

    [Theory]
    [InlineData("CTYPE1", "'RA---SIN'", "RA---SIN")]
    [InlineData("CTYPE1", "'RA---ZEA'", "RA---ZEA")]
    [InlineData("CTYPE2", "'DEC--ARC'", "DEC--ARC")]
    [InlineData("CTYPE1", "'GLON-TAN'", "GLON-TAN")]
    public void NonTanProjectionIsRefusedNamingTheKeyword(string key, string value, string shown)
    {
        var ex = Assert.Throws<InvalidDataException>(() => TanWcs.FromHeader(Parse(Set(SdssHeader(), (key, value))), SdssSource));
        AssertNames(ex, SdssSource, key, shown, "not a TAN WCS");
    }

    [Fact]
    public void NonTanProjectionInARealFileNamesTheFile()
    {
        string broken = Path.Combine(_temp.Path, "sip-sin.fits");
        byte[] bytes = FitsBytes.SetCard(File.ReadAllBytes(TestPaths.DataFile("wcs", "sip.fits")), 0, "CTYPE1", "'RA---SIN'")!;
        File.WriteAllBytes(broken, FitsBytes.SetCard(bytes, 0, "CTYPE2", "'DEC--SIN'")!);
        using var file = FitsFile.Open(broken);
        var ex = Assert.Throws<InvalidDataException>(() => TanWcs.FromHeader(file.Primary.Header, broken));
        AssertNames(ex, broken, "CTYPE1", "RA---SIN");
    }

    [Theory]
    [InlineData("CRVAL1")]
    [InlineData("CRVAL2")]
    [InlineData("CRPIX1")]
    [InlineData("CTYPE2")]
    public void MissingKeywordIsNamed(string key)
    {
        var ex = Assert.Throws<InvalidDataException>(() => TanWcs.FromHeader(Parse(Remove(SdssHeader(), key)), SdssSource));
        AssertNames(ex, SdssSource, key, "missing");
    }

    [Fact]
    public void MissingCdMatrixEntirelyIsNamed()
    {
        var header = Remove(SdssHeader(), "CD1_1", "CD1_2", "CD2_1", "CD2_2");
        var ex = Assert.Throws<InvalidDataException>(() => TanWcs.FromHeader(Parse(header), SdssSource));
        AssertNames(ex, SdssSource, "CD1_1", "missing");
    }

    [Fact]
    public void MissingCdeltInAClassicHeaderIsNamed()
    {
        string path = TestPaths.DataFile("wcs", "1904-66_TAN.hdr");
        string text = File.ReadAllText(path);
        int at = text.IndexOf("CDELT1  =", StringComparison.Ordinal);
        Assert.True(at >= 0);
        string broken = string.Concat(text.AsSpan(0, at), new string(' ', 80), text.AsSpan(at + 80));
        var ex = Assert.Throws<InvalidDataException>(() => TanWcs.FromHeader(FitsHeader.ParseHeaderText(broken, path), path));
        AssertNames(ex, path, "CDELT1", "missing");
    }

    [Fact]
    public void KeywordOfTheWrongTypeIsAFitsErrorNamingTheKeyword()
    {
        var ex = Assert.Throws<FitsFormatException>(() => TanWcs.FromHeader(Parse(Set(SdssHeader(), ("CRVAL1", "'two hundred'"))), SdssSource));
        AssertNames(ex, SdssSource, "CRVAL1", "not a number");
    }

    [Fact]
    public void DeclinationOutOfRangeIsNamed()
    {
        var ex = Assert.Throws<InvalidDataException>(() => TanWcs.FromHeader(Parse(Set(SdssHeader(), ("CRVAL2", "136.8"))), SdssSource));
        AssertNames(ex, SdssSource, "CRVAL2");
    }
}
