using System.Text;
using SPFusion.Tests.Fits.Bzip2;
using SPFusion.Tests.Support;
using SPFusion.Transforms.Fits;
using SPFusion.Transforms.Fits.Bzip2;

namespace SPFusion.Tests.Fits;

public class FitsTailReadTests
{
    private const int RowBytes = 2048 * sizeof(float);
    private const int WindowRows = 160; // a 128-pixel cut-out and ReadAround's margins

    /// <summary>Rows in a frame's lower part come from the blocks at the file's end, placed by the FITS layout, and are
    /// the bytes a whole decode gives.</summary>
    [Theory]
    [InlineData("frame-g-004510-4-0030.fits.bz2", 1000)]
    [InlineData("frame-r-004510-4-0030.fits.bz2", 1329)]
    [InlineData("frame-i-008162-6-0080.fits.bz2", 1150)]
    [InlineData("frame-g-008162-6-0080.fits.bz2", 1329)]
    public void RowsNearTheEndOfARealFrameAreReadFromTheEndAsTheWholeDecodeHasThem(string name, int firstRow)
    {
        string path = TestPaths.DataFile("sdss", name);
        using var file = FitsFile.Open(path);
        var primary = file.Primary;
        var index = Bzip2BlockIndex.TryBuild(path)!;
        long offset = primary.DataOffset + ((long)firstRow * RowBytes);
        var read = new byte[WindowRows * RowBytes];
        Assert.True(FitsTailRead.TryRead(index, primary, offset, read, path));
        byte[] whole = Bzip2BlockDecoderTests.SharpZipLibDecode(path);
        Assert.Equal(whole.AsSpan((int)offset, read.Length).ToArray(), read);
    }

    [Fact]
    public void RowsNearTheStartAreLeftToTheReadFromTheStart()
    {
        string path = TestPaths.DataFile("sdss", "frame-g-004510-4-0030.fits.bz2");
        using var file = FitsFile.Open(path);
        var index = Bzip2BlockIndex.TryBuild(path)!;
        var read = new byte[WindowRows * RowBytes];
        Assert.False(FitsTailRead.TryRead(index, file.Primary, file.Primary.DataOffset + (200L * RowBytes), read, path));
    }

    [Fact]
    public void ATailWithHduOnesHeaderAfterTheZeroFillIsPlaced()
    {
        byte[] tail = Tail(fill: new byte[1792]);
        Assert.Equal(12_208_320 - 2792, FitsTailAnchor.Locate(tail, 12_208_320, 1792, "t.fits"));
    }

    [Fact]
    public void ATailThatDoesNotFitTheLayoutIsNotPlaced()
    {
        var dirtyFill = new byte[1792];
        dirtyFill[^5] = 1;
        Assert.Null(FitsTailAnchor.Locate(Tail(dirtyFill), 12_208_320, 1792, "t.fits"));
        // The extensions' sizes must end exactly at the tail's end: one block too many after them.
        byte[] longer = [.. Tail(new byte[1792]), .. new byte[2880]];
        Assert.Null(FitsTailAnchor.Locate(longer, 12_208_320, 1792, "t.fits"));
        // No extension header decoded yet.
        Assert.Null(FitsTailAnchor.Locate(new byte[3 * 2880], 12_208_320, 1792, "t.fits"));
        // The fill is not all in the tail yet.
        Assert.Null(FitsTailAnchor.Locate(Tail(new byte[1792]).AsSpan(2000).ToArray(), 12_208_320, 1792, "t.fits"));
    }

    // 1,000 bytes of image data, HDU 0's zero fill, an IMAGE extension of 720 floats (one block) and an empty one.
    private static byte[] Tail(byte[] fill)
    {
        var data = new byte[1000];
        new Random(5).NextBytes(data);
        return [.. data, .. fill, .. Header(("XTENSION", "'IMAGE   '"), ("BITPIX", "-32"), ("NAXIS", "1"), ("NAXIS1", "720"), ("PCOUNT", "0"), ("GCOUNT", "1")),
            .. Enumerable.Repeat((byte)7, 2880), .. Header(("XTENSION", "'IMAGE   '"), ("BITPIX", "8"), ("NAXIS", "0"), ("PCOUNT", "0"), ("GCOUNT", "1"))];
    }

    private static byte[] Header(params (string Key, string Value)[] cards)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in cards)
            text.Append($"{key,-8}= {(value.StartsWith('\'') ? value.PadRight(20) : value.PadLeft(20))}".PadRight(80));
        text.Append("END".PadRight(80));
        return Encoding.ASCII.GetBytes(text.ToString().PadRight(2880));
    }
}
