using SPFusion.Tests.Support;
using SPFusion.Transforms.Fits;

namespace SPFusion.Tests.Fits;

public class FitsWriterRoundTripTests
{
    [Theory]
    [InlineData(FitsCompression.None)]
    [InlineData(FitsCompression.Gzip)]
    [InlineData(FitsCompression.BZip2)]
    public void ImagesAndTableRoundTrip(FitsCompression compression)
    {
        using var tmp = new TempFolder("spfusion-fits");
        var image = new float[] { 1.5f, -2.25f, float.NaN, 3e-8f, 4f, 5f };
        string longText = string.Concat(Enumerable.Repeat("long 'quoted' value ", 8));
        using (var w = FitsWriter.Create(tmp.File("test.fits"), compression))
        {
            w.WriteImage(image, [3, 2], [
                FitsCard.Create("BUNIT", "nanomaggy", "flux unit"),
                FitsCard.Create("EXPTIME", 53.9),
                FitsCard.Create("NCOMBINE", 3),
                FitsCard.Create("FLAT", true),
                FitsCard.Create("LONGSTR", longText),
                FitsCard.Commentary("HISTORY", "written by a test"),
            ]);
            w.WriteImage(new short[] { 0, -1, 32767, -32768 }, [4], [FitsCard.Create("BZERO", 32768L), FitsCard.Create("EXTNAME", "UINT16")]);
            w.WriteBinaryTable(
            [
                FitsTableColumnData.Float32("FLUX", [1f, 2f, 3f, 4f, 5f, 6f], repeat: 3, unit: "nmgy"),
                FitsTableColumnData.Float64("RA", [10.5, 20.25]),
                FitsTableColumnData.Int32("ID", [7, -8]),
                FitsTableColumnData.Int64("BIG", [long.MinValue, long.MaxValue]),
                FitsTableColumnData.Int16("SHORT", [1, 2, 3, 4], repeat: 2),
                FitsTableColumnData.Text("NAME", ["alpha", "b"], width: 6),
                FitsTableColumnData.Logical("GOOD", [true, false]),
                FitsTableColumnData.Float32("GRID", [1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, 10f, 11f, 12f], repeat: 6, dims: [3, 2]),
            ], extName: "COADD");
        }
        using var file = FitsFile.Open(tmp.File("test.fits"));
        Assert.Equal(compression, file.Compression);
        Assert.Equal(["PRIMARY", "IMAGE", "BINTABLE"], file.Hdus.Select(h => h.TypeName));

        var primary = file.Primary;
        Assert.Equal([3L, 2L], primary.Shape);
        Assert.Equal(image, primary.ReadFloat32());
        Assert.Equal("nanomaggy", primary.Header.GetString("BUNIT"));
        Assert.Equal("flux unit", primary.Header.Find("BUNIT")!.Comment);
        Assert.Equal(53.9, primary.Header.GetDouble("EXPTIME"));
        Assert.Equal(3L, primary.Header.GetInt64("NCOMBINE"));
        Assert.True(primary.Header.GetBool("FLAT"));
        Assert.Equal(longText.TrimEnd(), primary.Header.GetString("LONGSTR"));
        Assert.True(primary.Header.Find("LONGSTR")!.RawText.Length > 80);
        Assert.Equal("written by a test", primary.Header.Cards.Single(c => c.Key == "HISTORY").Comment);

        var unsigned = file.GetImage(1);
        Assert.Equal("UINT16", unsigned.ExtName);
        Assert.Equal([32768.0, 32767.0, 65535.0, 0.0], unsigned.ReadFloat64());
        Assert.Equal(new short[] { 0, -1, 32767, -32768 }, Assert.IsType<short[]>(unsigned.ReadRaw()));

        var t = file.GetTable("coadd");
        Assert.Equal(2L, t.RowCount);
        Assert.Equal([4f, 5f, 6f], t.ReadFloat32(1, "flux"));
        Assert.Equal("nmgy", t.GetColumn("FLUX").Unit);
        Assert.Equal([20.25], t.ReadFloat64(1, "RA"));
        Assert.Equal([-8L], t.ReadInt64(1, "ID"));
        Assert.Equal([long.MinValue], t.ReadInt64(0, "BIG"));
        Assert.Equal([long.MaxValue], t.ReadInt64(1, "BIG"));
        Assert.Equal([3L, 4L], t.ReadInt64(1, "SHORT"));
        Assert.Equal("alpha", t.ReadString(0, "NAME"));
        Assert.Equal("b", t.ReadString(1, "NAME"));
        Assert.Equal([true], t.ReadBool(0, "GOOD"));
        Assert.Equal([false], t.ReadBool(1, "GOOD"));
        Assert.Equal([3L, 2L], t.GetColumn("GRID").Dims!);
        Assert.Equal([7.0, 8.0, 9.0, 10.0, 11.0, 12.0], t.ReadFloat64(1, "GRID"));
    }

    [Fact]
    public void AllImageTypesRoundTripWithScalingAndBlank()
    {
        using var tmp = new TempFolder("spfusion-fits");
        using (var w = FitsWriter.Create(tmp.File("test.fits")))
        {
            w.WriteImage(new byte[] { 0, 127, 255 }, [3], [FitsCard.Create("BZERO", -128L)]);
            w.WriteImage(new int[] { -5, 99, 7, 0 }, [2, 2], [FitsCard.Create("BSCALE", 0.5), FitsCard.Create("BZERO", 10.0), FitsCard.Create("BLANK", 99L)]);
            w.WriteImage(new long[] { 1L << 40, -3 }, [1, 1, 2]);
            w.WriteImage(new double[] { Math.PI, -0.0, double.NegativeInfinity }, [3]);
        }
        using var file = FitsFile.Open(tmp.File("test.fits"));
        Assert.Equal([-128.0, -1.0, 127.0], file.Primary.ReadFloat64());
        double[] scaled = file.GetImage(1).ReadFloat64();
        Assert.Equal(10.0 - 2.5, scaled[0]);
        Assert.True(double.IsNaN(scaled[1]));
        Assert.Equal(13.5, scaled[2]);
        Assert.Equal([1L, 1L, 2L], file.GetImage(2).Shape);
        Assert.Equal([(double)(1L << 40), -3.0], file.GetImage(2).ReadFloat64());
        Assert.Equal([Math.PI, -0.0, double.NegativeInfinity], file.GetImage(3).ReadFloat64());
        Assert.Equal([(float)Math.PI, -0f, float.NegativeInfinity], file.GetImage(3).ReadFloat32());
    }

    [Fact]
    public void TableOnlyFileGetsAnEmptyPrimaryAndStructuralCardsAreRefused()
    {
        using var tmp = new TempFolder("spfusion-fits");
        using (var w = FitsWriter.Create(tmp.File("test.fits")))
        {
            Assert.Throws<ArgumentException>(() => w.WriteImage(new float[] { 1 }, [1], [FitsCard.Create("NAXIS1", 5L)]));
            w.WriteBinaryTable([FitsTableColumnData.Float64("X", [1.0])]);
            Assert.Throws<ArgumentException>(() => w.WriteBinaryTable([FitsTableColumnData.Float64("X", [1.0]), FitsTableColumnData.Float64("Y", [1.0, 2.0])]));
        }
        using var file = FitsFile.Open(tmp.File("test.fits"));
        Assert.Empty(file.Primary.Shape);
        Assert.Equal([1.0], file.GetTable(1).ReadFloat64(0, "X"));
        Assert.Equal(2, file.Hdus.Count);
        Assert.Equal(0, new FileInfo(tmp.File("test.fits")).Length % 2880);
    }
}
