using SPFusion.Tests.Support;
using SPFusion.Transforms.Fits;

namespace SPFusion.Tests.Fits;

/// <summary>astropy's FITS test files; expected values come from their headers and raw big-endian bytes.</summary>
public class AstropySampleTests
{
    [Fact]
    public void ThreeDimensionalInt32Image()
    {
        using var file = FitsFile.Open(TestPaths.DataFile("fits", "arange.fits"));
        var image = file.Primary;
        Assert.Equal(32, image.Bitpix);
        Assert.Equal([11L, 10L, 7L], image.Shape);
        var raw = Assert.IsType<int[]>(image.ReadRaw());
        Assert.Equal(770, raw.Length);
        // arange(770) with three entries overwritten by astropy's test (indices 13, 269, 525 hold i - 3).
        for (int i = 0; i < raw.Length; i++) Assert.Equal(i is 13 or 269 or 525 ? i - 3 : i, raw[i]);
        Assert.Equal(768.0, image.ReadFloat64()[768]);
        Assert.Equal(10f, image.ReadFloat32()[13]);
    }

    [Fact]
    public void Int64BlankBecomesNaN()
    {
        using var file = FitsFile.Open(TestPaths.DataFile("fits", "blank.fits"));
        var image = file.Primary;
        Assert.Equal(64, image.Bitpix);
        Assert.Equal(2L, image.Blank);
        Assert.Equal([2L], Assert.IsType<long[]>(image.ReadRaw()));
        Assert.True(double.IsNaN(Assert.Single(image.ReadFloat64())));
        Assert.True(float.IsNaN(Assert.Single(image.ReadFloat32())));
    }

    [Fact]
    public void ScaledInt16Image()
    {
        using var file = FitsFile.Open(TestPaths.DataFile("fits", "scale.fits"));
        var image = file.Primary;
        Assert.Equal(16, image.Bitpix);
        Assert.Equal([20L, 21L], image.Shape);
        Assert.Equal(1500.0, image.BZero);
        Assert.Equal(0.045777764213996, image.BScale);
        var raw = Assert.IsType<short[]>(image.ReadRaw());
        Assert.Equal((short)-20583, raw[0]);
        Assert.Equal((short)-21990, raw[^1]);
        double[] physical = image.ReadFloat64();
        Assert.Equal(1500.0 + (0.045777764213996 * -20583), physical[0], 12);
        Assert.Equal(1500.0 + (0.045777764213996 * 26795), physical.Max(), 12);
        Assert.Equal((float)(1500.0 + (0.045777764213996 * -21990)), image.ReadFloat32()[^1]);
        Assert.Equal(14, image.Header.Cards.Count(c => c.Key == "COMMENT"));
    }

    [Fact]
    public void BinaryTableWithInt16StringsAndFloats()
    {
        using var file = FitsFile.Open(TestPaths.DataFile("fits", "btable.fits"));
        var t = file.GetTable(1);
        Assert.Equal(3L, t.RowCount);
        Assert.Equal(["order", "name", "mag", "Sp"], t.Columns.Select(c => c.Name));
        Assert.Equal(["I", "20A", "E", "10A"], t.Columns.Select(c => c.Format));
        Assert.Equal(["Sirius", "Canopus", "Rigil Kent"], Enumerable.Range(0, 3).Select(r => t.ReadString(r, "NAME")));
        Assert.Equal(["A1V", "F0Ib", "G2V"], Enumerable.Range(0, 3).Select(r => t.ReadString(r, "sp")));
        Assert.Equal([1L, 2L, 3L], Enumerable.Range(0, 3).Select(r => t.ReadInt64(r, "order")[0]));
        Assert.Equal([-1.45f, -0.73f, -0.1f], Enumerable.Range(0, 3).Select(r => t.ReadFloat32(r, "mag")[0]));
        Assert.Throws<FitsFormatException>(() => t.ReadString(0, "mag"));
        Assert.Throws<FitsFormatException>(() => t.ReadFloat64(0, "name"));
        var missing = Assert.Throws<FitsFormatException>(() => t.GetColumn("colour"));
        Assert.Contains("'colour'", missing.Message);
        Assert.Contains("HDU 1", missing.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => t.ReadFloat32(3, "mag"));
    }

    [Theory]
    [InlineData("table.fits", null)]
    [InlineData("tdim.fits", new long[] { 1, 1 })]
    public void TablesWithAndWithoutTdim(string name, long[]? dims)
    {
        using var file = FitsFile.Open(TestPaths.DataFile("fits", name));
        var t = file.GetTable(1);
        Assert.Equal(dims, t.GetColumn("V_mag").Dims);
        Assert.Equal(["NGC1001", "NGC1002", "NGC1003"], Enumerable.Range(0, 3).Select(r => t.ReadString(r, "target")));
        Assert.Equal([11.1, 12.3, 15.2], Enumerable.Range(0, 3).Select(r => Math.Round(t.ReadFloat64(r, "V_MAG")[0], 5)));
    }

    [Fact]
    public void TableWithTnullTscalTzeroAndLogicals()
    {
        using var file = FitsFile.Open(TestPaths.DataFile("fits", "tb.fits"));
        var t = file.GetTable(1);
        var c1 = t.GetColumn("c1");
        Assert.Equal(-2147483647L, c1.Null);
        Assert.Equal([1L], t.ReadInt64(0, "c1"));
        Assert.Equal([2L], t.ReadInt64(1, "c1"));
        Assert.Equal(["abc", "xy"], new[] { t.ReadString(0, "c2"), t.ReadString(1, "c2") });
        var c3 = t.GetColumn("c3");
        Assert.Equal(3.0, c3.Scale);
        Assert.Equal(0.4, c3.Zero);
        // Stored float32 1.1 and 2.1 scaled by TSCAL3 = 3, TZERO3 = 0.4.
        Assert.Equal(0.4 + (3 * (double)1.1f), t.ReadFloat64(0, "c3")[0], 12);
        Assert.Equal(0.4 + (3 * (double)2.1f), t.ReadFloat64(1, "c3")[0], 12);
        Assert.Equal((float)(0.4 + (3 * (double)1.1f)), t.ReadFloat32(0, "c3")[0]);
        Assert.Equal([false], t.ReadBool(0, "c4"));
        Assert.Equal([true], t.ReadBool(1, "c4"));
        Assert.Equal("Created Mon 15:05:16 10-Sep-2001", t.Header.Cards.Single(c => c.Key == "HISTORY").Comment);
    }

    [Fact]
    public void AsciiTableExtensionIsListedAndSkipped()
    {
        // sip.fits and sip2.fits are plain; the dss file is gzip with a BINTABLE; none holds an ASCII TABLE, so build one.
        using var temp = new TempFolder("spfusion-ascii-table");
        string path = temp.File("ascii-table.fits");
        using (var w = FitsWriter.Create(path))
        {
            w.WriteEmptyPrimary();
            w.WriteImage(new float[] { 1, 2 }, [2]);
        }
        // Turn the IMAGE extension into an ASCII TABLE header of the same size, followed by a real image extension.
        byte[] bytes = File.ReadAllBytes(path);
        byte[] imageExtension = bytes[2880..];
        var text = System.Text.Encoding.ASCII.GetString(bytes, 2880, 2880);
        text = text.Replace("XTENSION= 'IMAGE   '", "XTENSION= 'TABLE   '").Replace("BITPIX  =                  -32", "BITPIX  =                    8").Replace("NAXIS1  =                    2", "NAXIS1  =                    8");
        System.Text.Encoding.ASCII.GetBytes(text).CopyTo(bytes, 2880);
        File.WriteAllBytes(path, [.. bytes, .. imageExtension]);
        using var file = FitsFile.Open(path);
        Assert.Equal(["PRIMARY", "TABLE", "IMAGE"], file.Hdus.Select(h => h.TypeName));
        Assert.IsType<UnsupportedHdu>(file[1]);
        Assert.Equal([1f, 2f], file.GetImage(2).ReadFloat32());
        var wrongKind = Assert.Throws<FitsFormatException>(() => file.GetTable(1));
        Assert.Contains("TABLE", wrongKind.Message);
    }
}
