using SPFusion.Tests.Support;
using SPFusion.Transforms.Fits;

namespace SPFusion.Tests.Fits;

public class FitsHeaderTests
{
    private static string Card(string text) => text.PadRight(80);

    private static FitsHeader Parse(params string[] cards) => FitsHeader.ParseHeaderText(string.Concat(cards.Select(Card)) + Card("END"), "test.hdr");

    [Fact]
    public void ParsesEveryValueKindInOrder()
    {
        var h = Parse(
            "STR     = 'O''Hara  '           / doubled quote, trailing blanks trimmed",
            "LEAD    = '  lead'",
            "EMPTY   = ''",
            "FLAG    =                    T",
            "OFF     =                    F / no",
            "BIG     =  9223372036854775807",
            "NEG     =                  -42",
            "REAL    =            -1.25E-03",
            "DEXP    =         2.5D+02 / Fortran double exponent",
            "DOT     =                 361.",
            "UNDEF   =                      / no value",
            "HISTORY made by a test",
            "COMMENT   free text",
            "STR     = 'second'");
        Assert.Equal(["STR", "LEAD", "EMPTY", "FLAG", "OFF", "BIG", "NEG", "REAL", "DEXP", "DOT", "UNDEF", "HISTORY", "COMMENT", "STR"], h.Cards.Select(c => c.Key));
        Assert.Equal("O'Hara", h.GetString("STR"));
        Assert.Equal("doubled quote, trailing blanks trimmed", h.Find("STR")!.Comment);
        Assert.Equal("  lead", h.GetString("lead"));
        Assert.Equal(string.Empty, h.GetString("EMPTY"));
        Assert.True(h.GetBool("FLAG"));
        Assert.False(h.RequireBool("OFF"));
        Assert.Equal(long.MaxValue, h.GetInt64("BIG"));
        Assert.Equal(-42L, h.RequireInt64("NEG"));
        Assert.Equal(-42.0, h.GetDouble("NEG"));
        Assert.Equal(-1.25e-3, h.GetDouble("REAL"));
        Assert.Equal(250.0, h.GetDouble("DEXP"));
        Assert.Equal(361.0, h.GetDouble("DOT"));
        Assert.True(h.Contains("UNDEF"));
        Assert.Null(h.Find("UNDEF")!.Value);
        Assert.Null(h.GetDouble("UNDEF"));
        Assert.Equal("made by a test", h.Cards[11].Comment);
        Assert.True(h.Cards[11].IsCommentary);
        Assert.Equal("  free text", h.Cards[12].Comment);
        Assert.False(h.Contains("HISTORY"));
        Assert.Equal(["O'Hara", "second"], h.FindAll("STR").Select(c => (string)c.Value!));
        Assert.Equal(Card("FLAG    =                    T"), h.Find("FLAG")!.RawText);
    }

    [Fact]
    public void JoinsContinueLongStrings()
    {
        var h = Parse(
            "LONG    = 'first part &'       / c1",
            "CONTINUE  'second part&'",
            "CONTINUE  ' and the end'       / c2",
            "AMP     = 'ends with & but nothing follows&'",
            "NEXT    =                    1");
        var card = h.Find("LONG")!;
        Assert.Equal("first part second part and the end", card.Value);
        Assert.Equal("c1 c2", card.Comment);
        Assert.Equal(240, card.RawText.Length);
        Assert.Equal("ends with & but nothing follows&", h.GetString("AMP"));
        Assert.Equal(1L, h.GetInt64("NEXT"));
        Assert.Equal(3, h.Cards.Count);
    }

    [Fact]
    public void WrongTypesAndMissingKeysNameTheKeyword()
    {
        var h = Parse("TEXT    = '53.9'", "NUM     =                  1.5");
        var wrong = Assert.Throws<FitsFormatException>(() => h.GetDouble("TEXT"));
        Assert.Contains("test.hdr", wrong.Message);
        Assert.Contains("'TEXT'", wrong.Message);
        Assert.Throws<FitsFormatException>(() => h.GetInt64("NUM"));
        Assert.Throws<FitsFormatException>(() => h.GetString("NUM"));
        Assert.Null(h.GetDouble("ABSENT"));
        var missing = Assert.Throws<FitsFormatException>(() => h.RequireDouble("ABSENT"));
        Assert.Contains("'ABSENT'", missing.Message);
        Assert.Contains("test.hdr", missing.Message);
    }

    [Theory]
    [InlineData("BAD     = 'no closing quote", "closing quote")]
    [InlineData("BAD     =                 1.2.3", "cannot parse")]
    [InlineData("BAD     = 99999999999999999999", "64 bits")]
    [InlineData("BAD     =                1E999", "double range")]
    [InlineData("BAD     = 'text' junk", "after string")]
    public void MalformedValuesKeepTheHeaderReadableButFailWhenRead(string card, string problem)
    {
        var h = Parse("GOOD    =                    1", card);
        Assert.Equal(1L, h.GetInt64("GOOD"));
        Assert.True(h.Contains("BAD"));
        Assert.Null(h.Find("BAD")!.Value);
        Assert.Contains(problem, h.Find("BAD")!.ValueError);
        var ex = Assert.Throws<FitsFormatException>(() => h.GetDouble("BAD"));
        Assert.Contains(problem, ex.Message);
        Assert.Contains("'BAD'", ex.Message);
        Assert.Contains("test.hdr", ex.Message);
        Assert.Throws<FitsFormatException>(() => h.GetString("BAD"));
    }

    [Fact]
    public void HeaderTextWithNewlinesIsAccepted()
    {
        var h = FitsHeader.ParseHeaderText("SIMPLE  =                    T\nNAXIS   =                    2\r\nCTYPE1  = 'RA---TAN'\nEND\n", "lines.hdr");
        Assert.Equal(3, h.Cards.Count);
        Assert.Equal("RA---TAN", h.GetString("CTYPE1"));
    }

    [Fact]
    public void NonAsciiHeaderTextIsRejected()
    {
        using var temp = new TempFolder("spfusion-header");
        string path = temp.File("non-ascii.hdr");
        var bytes = System.Text.Encoding.ASCII.GetBytes(Card("OBJECT  = 'caf?'"));
        bytes[14] = 0xE9;
        File.WriteAllBytes(path, bytes);
        var ex = Assert.Throws<FitsFormatException>(() => FitsHeader.ReadHeaderFile(path));
        Assert.Contains(path, ex.Message);
        Assert.Contains("0xE9", ex.Message);
    }

    [Fact]
    public void AstropyHeaderFilesArePacked80ByteCards()
    {
        // 1904-66_TAN.hdr: 115 cards, no END, 94 HISTORY cards.
        var tan = FitsHeader.ReadHeaderFile(TestPaths.DataFile("wcs", "1904-66_TAN.hdr"));
        Assert.Equal(115, tan.Cards.Count);
        Assert.Equal(94, tan.Cards.Count(c => c.Key == "HISTORY"));
        Assert.Equal(["SIMPLE", "BITPIX", "NAXIS", "NAXIS1", "NAXIS2"], tan.Cards.Take(5).Select(c => c.Key));
        Assert.Equal(192L, tan.GetInt64("NAXIS1"));
        Assert.Equal("RA---TAN", tan.GetString("CTYPE1"));
        Assert.Equal(-2.680658087122E+02, tan.GetDouble("CRPIX1"));
        Assert.Equal(-6.666666666667E-02, tan.GetDouble("CDELT1"));
        Assert.Equal(2000.0, tan.GetDouble("EQUINOX"));
        Assert.Null(tan.HduIndex);

        // siponly.hdr: END is card 337 of 360; the blank cards after it are not part of the header.
        var sip = FitsHeader.ReadHeaderFile(TestPaths.DataFile("wcs", "siponly.hdr"));
        Assert.Equal(336, sip.Cards.Count);
        Assert.Equal("RA---TAN-SIP", sip.GetString("CTYPE1"));
        Assert.Equal(4L, sip.GetInt64("A_ORDER"));
        Assert.Equal(-4.61014380203131E-06, sip.GetDouble("A_2_0"));
        Assert.Equal(6.41919370738511E-08, sip.GetDouble("AP_0_2"));
        Assert.Equal(-3925.16, sip.GetDouble("CRPIX1"));

        var irac = FitsHeader.ReadHeaderFile(TestPaths.DataFile("wcs", "irac_sip.hdr"));
        Assert.Equal(241, irac.Cards.Count);
        Assert.Equal(128.0, irac.GetDouble("CRPIX1"));
        Assert.Equal(-2.353E-05, irac.GetDouble("A_2_0"));
        Assert.Equal(-0.000147943581033529, irac.GetDouble("CD1_1"));
    }
}
