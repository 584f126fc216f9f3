using SPFusion.Transforms.Fits;

namespace SPFusion.Tests.Fits;

/// <summary>Card forms the main header tests do not cover: HIERARCH, quote escapes, signs, exponents, complex values.</summary>
public class FitsCardEdgeTests
{
    private static FitsHeader Parse(params string[] cards) =>
        FitsHeader.ParseHeaderText(string.Concat(cards.Select(c => c.PadRight(80))) + "END".PadRight(80), "edge.hdr");

    [Fact]
    public void HierarchCardsUseTheTextBeforeTheEqualsSignAsKeyword()
    {
        var h = Parse("HIERARCH ESO DET CHIP = 'ccd1  ' / chip name", "HIERARCH ESO DET NUM = 42", "HIERARCH no value indicator");
        Assert.Equal("ccd1", h.GetString("ESO DET CHIP"));
        Assert.Equal("chip name", h.Find("ESO DET CHIP")!.Comment);
        Assert.Equal(42L, h.GetInt64("ESO DET NUM"));
        Assert.True(h.Cards[2].IsCommentary);
        Assert.Equal("HIERARCH", h.Cards[2].Key);
        Assert.Equal(" no value indicator", h.Cards[2].Comment);
    }

    [Fact]
    public void QuoteEscapesAndBlanksFollowTheStandard()
    {
        var h = Parse("A       = 'it''s ''  '' '  /  c ", "B       = ''''", "C       = 'a'''", "D       = '   ' /", "E       = 'a/b' / c/d");
        Assert.Equal("it's '  '", h.GetString("A"));
        Assert.Equal("c", h.Find("A")!.Comment);
        Assert.Equal("'", h.GetString("B"));
        Assert.Equal("a'", h.GetString("C"));
        Assert.Equal(string.Empty, h.GetString("D"));
        Assert.Equal(string.Empty, h.Find("D")!.Comment);
        Assert.Equal("a/b", h.GetString("E"));
        Assert.Equal("c/d", h.Find("E")!.Comment);
        Assert.Contains("closing quote", Parse("Q       = 'x''").Find("Q")!.ValueError);
    }

    [Fact]
    public void NumbersSignsAndExponents()
    {
        var h = Parse("P       = +7", "L       = 2.5d+02", "S       = .5", "Z       = 0000000000000000000000000000000001", "X       = (1.0, 2.0) / complex", "U       =");
        Assert.Equal(7L, h.GetInt64("P"));
        Assert.Equal(250.0, h.GetDouble("L"));
        Assert.Equal(0.5, h.GetDouble("S"));
        Assert.Equal(1L, h.GetInt64("Z"));
        Assert.Equal("(1.0, 2.0)", h.Find("X")!.Value);
        Assert.Equal("complex", h.Find("X")!.Comment);
        Assert.Null(h.Find("U")!.Value);
        Assert.Null(h.Find("U")!.ValueError);
        Assert.Contains("64 bits", Parse("M       = -").Find("M")!.ValueError);
        Assert.Contains("double range", Parse("N       = NaN").Find("N")!.ValueError);
        Assert.Contains("cannot parse value '1 2'", Parse("T       = 1 2").Find("T")!.ValueError);
    }

    [Theory]
    [InlineData("BAD!KEY = 5", "invalid keyword 'BAD!KEY'")]
    [InlineData("HIERARCH A!B = 1", "invalid keyword 'A!B'")]
    public void InvalidKeywordsFailTheWholeHeader(string card, string problem)
    {
        var ex = Assert.Throws<FitsFormatException>(() => Parse("OK      = 1", card));
        Assert.Contains(problem, ex.Message);
        Assert.Contains("card 2", ex.Message);
        Assert.Contains("edge.hdr", ex.Message);
    }

    [Fact]
    public void BrokenContinuationFailsTheWholeHeader()
    {
        var ex = Assert.Throws<FitsFormatException>(() => Parse("L       = 'a&'", "CONTINUE  'b' junk"));
        Assert.Contains("unexpected text after string value", ex.Message);
        Assert.Contains("'CONTINUE'", ex.Message);
    }
}
