using System.IO.Compression;
using System.Text;
using ICSharpCode.SharpZipLib.BZip2;
using SPFusion.Tests.Support;
using SPFusion.Transforms.Fits;

namespace SPFusion.Tests.Fits;

/// <summary>Each malformed input yields a <see cref="FitsFormatException"/> naming the file, the HDU and the card or column.</summary>
public class MalformedFitsTests
{
    private static byte[] ValidFile()
    {
        using var ms = new MemoryStream();
        using (var w = new FitsWriter(ms, leaveOpen: true))
        {
            w.WriteImage(Enumerable.Range(0, 100).Select(i => (float)Math.Sin(i)).ToArray(), [10, 10], [FitsCard.Create("BUNIT", "nanomaggy")]);
            w.WriteBinaryTable([FitsTableColumnData.Float32("FLUX", [1f, 2f, 3f], repeat: 3), FitsTableColumnData.Int64("ID", [5L])]);
        }
        return ms.ToArray();
    }

    private static byte[] Patch(byte[] bytes, string find, string replace)
    {
        Assert.Equal(find.Length, replace.Length);
        string text = Encoding.Latin1.GetString(bytes);
        int at = text.IndexOf(find, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{find}' not found");
        var result = (byte[])bytes.Clone();
        Encoding.Latin1.GetBytes(replace).CopyTo(result, at);
        return result;
    }

    private static FitsFormatException Expect(byte[] bytes, Action<FitsFile> use, int? hdu, params string[] fragments)
    {
        using var tmp = new TempFolder("spfusion-fits");
        File.WriteAllBytes(tmp.File("test.fits"), bytes);
        var ex = Assert.Throws<FitsFormatException>(() =>
        {
            using var file = FitsFile.Open(tmp.File("test.fits"));
            use(file);
        });
        Assert.Contains(tmp.File("test.fits"), ex.Message);
        if (hdu is int h) Assert.Contains($"HDU {h}", ex.Message);
        foreach (string f in fragments) Assert.True(ex.Message.Contains(f, StringComparison.Ordinal), $"'{f}' not in: {ex.Message}");
        Assert.IsAssignableFrom<IOException>(ex);
        return ex;
    }

    private static void ListAll(FitsFile f) => _ = f.Hdus;

    private static byte[] Gzip(byte[] data)
    {
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(data);
        return ms.ToArray();
    }

    [Fact]
    public void TruncatedHeaderBlock() => Expect(ValidFile()[..1000], ListAll, 0, "truncated", "1000 of 2880");

    [Fact]
    public void MissingEnd()
    {
        byte[] bytes = Patch(ValidFile(), "END" + new string(' ', 77), "COMMENT no end" + new string(' ', 66));
        Expect(bytes[..2880], ListAll, 0, "missing END");
    }

    [Fact]
    public void DataShorterThanHeaderPromisesInPlainFile() => Expect(ValidFile()[..(2880 + 200)], ListAll, 0, "data shorter than the header promises", "400 bytes");

    [Fact]
    public void DataShorterThanHeaderPromisesInGzipFile()
    {
        byte[] gz = Gzip(ValidFile()[..(2880 + 200)]);
        Expect(gz, f => f.Primary.ReadFloat32(), 0, "data shorter than the header promises");
        Expect(gz, ListAll, 0, "data shorter than the header promises");
    }

    [Fact]
    public void TableDataCutOffAfterItsHeader()
    {
        byte[] full = ValidFile();
        Expect(full[..(full.Length - 2880 + 10)], ListAll, 1, "data shorter than the header promises");
    }

    [Fact]
    public void BitpixNotAllowed() => Expect(Patch(ValidFile(), "BITPIX  =                  -32", "BITPIX  =                   24"), ListAll, 0, "'BITPIX'", "24");

    [Fact]
    public void NegativeAxis() => Expect(Patch(ValidFile(), "NAXIS1  =                   10", "NAXIS1  =                  -10"), ListAll, 0, "'NAXIS1'", "negative");

    [Fact]
    public void AbsurdAxisInPlainFileFailsBeforeAllocating() =>
        Expect(Patch(ValidFile(), "NAXIS1  =                   10", "NAXIS1  =          99999999999"), ListAll, 0, "data shorter than the header promises");

    [Fact]
    public void AbsurdAxisInGzipFileFailsBeforeAllocating()
    {
        byte[] huge = Gzip(Patch(ValidFile(), "NAXIS1  =                   10", "NAXIS1  =          99999999999"));
        Expect(huge, f => f.Primary.ReadFloat32(), 0, "too large to load");
        Expect(huge, ListAll, 0, "data shorter than the header promises");
        // 1.2 GB claimed, a few hundred bytes present: the read grows with the decoded data and then reports the truncation.
        byte[] big = Gzip(Patch(ValidFile(), "NAXIS1  =                   10", "NAXIS1  =             30000000"));
        Expect(big, f => f.Primary.ReadFloat32(), 0, "data shorter than the header promises");
    }

    [Fact]
    public void AxisProductOverflow()
    {
        byte[] bytes = Patch(ValidFile(), "NAXIS1  =                   10", "NAXIS1  =  4611686018427387904");
        Expect(Patch(bytes, "NAXIS2  =                   10", "NAXIS2  =                   10"[..^2] + "16"), ListAll, 0, "overflows");
    }

    [Fact]
    public void NaxisAbove999() => Expect(Patch(ValidFile(), "NAXIS   =                    2", "NAXIS   =                 1000"), ListAll, 0, "'NAXIS'", "0..999");

    [Fact]
    public void UnknownTform() => Expect(Patch(ValidFile(), "TFORM2  = '1K      '", "TFORM2  = '1Z      '"), ListAll, 1, "'TFORM2'", "unknown TFORM '1Z'");

    [Fact]
    public void TformWidthsDisagreeWithNaxis1() => Expect(Patch(ValidFile(), "TFORM2  = '1K      '", "TFORM2  = '1J      '"), ListAll, 1, "'NAXIS1'", "add up to 16 bytes", "NAXIS1 = 20");

    [Fact]
    public void NonAsciiHeaderByte()
    {
        byte[] bytes = Patch(ValidFile(), "BUNIT   = 'nanomaggy'", "BUNIT   = 'nanomaggy'");
        int at = Encoding.Latin1.GetString(bytes).IndexOf("nanomaggy", StringComparison.Ordinal);
        bytes[at] = 0xC3;
        Expect(bytes, ListAll, 0, "non-ASCII", "BUNIT", "0xC3");
    }

    [Fact]
    public void TrailingGarbageAfterLastHdu() => Expect([.. ValidFile(), .. Encoding.ASCII.GetBytes(new string('x', 2880))], ListAll, 2, "unexpected bytes after HDU 1");

    [Fact]
    public void NotAFitsFile() => Expect(Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("hello world ", 300))), ListAll, 0, "SIMPLE");

    [Fact]
    public void EmptyFile() => Expect([], ListAll, 0, "empty");

    [Fact]
    public void CorruptedGzipStream()
    {
        byte[] gz = Gzip(ValidFile());
        gz[10] = 0xFF; // first deflate block header: BTYPE = 11 is reserved
        Expect(gz, ListAll, null, "corrupted gzip stream");
    }

    [Fact]
    public void TruncatedGzipStream()
    {
        byte[] gz = File.ReadAllBytes(TestPaths.DataFile("lamost", "spec-55859-F5902_sp01-001_dr7.fits.gz"));
        // Cut inside the deflate data: either the decoder or the FITS layer must report it; never a silent short read.
        var ex = Expect(gz[..(gz.Length / 2)], f => f.Primary.ReadFloat32(), null);
        Assert.True(ex.Message.Contains("corrupted gzip stream", StringComparison.Ordinal) || ex.Message.Contains("data shorter than the header promises", StringComparison.Ordinal), ex.Message);
    }

    [Fact]
    public void CorruptedBzip2Stream()
    {
        using var ms = new MemoryStream();
        using (var bz = new BZip2OutputStream(ms) { IsStreamOwner = false }) bz.Write(ValidFile());
        byte[] bytes = ms.ToArray();
        for (int i = 200; i < 260; i++) bytes[i] ^= 0x5A;
        Expect(bytes, ListAll, null, "corrupted bzip2 stream");
    }

    [Fact]
    public void ARandomGroupsPrimaryIsNotTakenForAnImage()
    {
        string[] cards = ["SIMPLE  =                    T", "BITPIX  =                  -32", "NAXIS   =                    2", "NAXIS1  =                    0",
            "NAXIS2  =                    3", "GROUPS  =                    T", "PCOUNT  =                    0", "GCOUNT  =                    1", "END"];
        var bytes = new byte[2 * 2880];
        Array.Fill(bytes, (byte)' ', 0, 2880);
        for (int k = 0; k < cards.Length; k++) Encoding.ASCII.GetBytes(cards[k].PadRight(80)).CopyTo(bytes, 80 * k);
        var ex = Expect(bytes, f => _ = f.Primary, 0, "expected an image HDU");
        Assert.Contains("GROUPS", ex.Message);
    }

    [Fact]
    public void VariableLengthColumnIsListedButReadingItIsUnsupported()
    {
        byte[] bytes = Patch(ValidFile(), "TFORM2  = '1K      '", "TFORM2  = '1PE(5)  '");
        using var tmp = new TempFolder("spfusion-fits");
        File.WriteAllBytes(tmp.File("test.fits"), bytes);
        using var file = FitsFile.Open(tmp.File("test.fits"));
        var t = file.GetTable(1);
        Assert.Equal("1PE(5)", t.GetColumn("ID").Format);
        Assert.False(t.GetColumn("ID").IsSupported);
        // A data error of this file (the CLI's exit code 2, `--on-error skip` leaves the star out), not a programming error.
        var ex = Assert.Throws<FitsFormatException>(() => t.ReadFloat64(0, "ID"));
        Assert.Contains("'ID'", ex.Message);
        Assert.Contains("not supported", ex.Message);
        Assert.Equal(tmp.File("test.fits"), ex.FileName);
        Assert.Equal(1, ex.HduIndex);
        Assert.Equal([1f, 2f, 3f], t.ReadFloat32(0, "FLUX"));
    }

    [Fact]
    public void TnullElementIsNaNAsDoubleAndAnErrorAsInteger()
    {
        using var tmp = new TempFolder("spfusion-fits");
        using (var w = FitsWriter.Create(tmp.File("test.fits"))) w.WriteBinaryTable([FitsTableColumnData.Int32("ID", [4, -1], repeat: 2)], [FitsCard.Create("TNULL1", -1L)]);
        using var file = FitsFile.Open(tmp.File("test.fits"));
        var t = file.GetTable(1);
        double[] d = t.ReadFloat64(0, "ID");
        Assert.Equal(4.0, d[0]);
        Assert.True(double.IsNaN(d[1]));
        var ex = Assert.Throws<FitsFormatException>(() => t.ReadInt64(0, "ID"));
        Assert.Contains("TNULL1", ex.Message);
        Assert.Contains("row 0", ex.Message);
    }
}
