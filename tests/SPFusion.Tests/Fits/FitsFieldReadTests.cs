using SPFusion.Tests.Support;
using SPFusion.Transforms.Fits;

namespace SPFusion.Tests.Fits;

/// <summary>
/// A small plain file is read whole when opened; in a plain file over 1 MB, large fields are read straight from disk (the
/// data unit is not loaded); small fields, compressed files and units already cached take the in-memory path. Every
/// order of reads must give the same values.
/// </summary>
public class FitsFieldReadTests
{
    private const int Repeat = 2000; // 8,000 bytes per field: above the in-place read threshold
    private const int LargeFileRows = 160; // 1.3 MB: above the size read whole when the file is opened

    private static float[] Values(int rows) => Enumerable.Range(0, rows * Repeat).Select(i => (float)Math.Sin(i * 0.01) * 1000f).ToArray();

    private static void Write(string path, FitsCompression compression, int rows)
    {
        using var w = FitsWriter.Create(path, compression);
        w.WriteImage(new float[] { 1f }, [1]);
        w.WriteBinaryTable(
        [
            FitsTableColumnData.Float32("SMALL", Enumerable.Range(0, rows * 3).Select(i => (float)i).ToArray(), repeat: 3),
            FitsTableColumnData.Float32("FLUX", Values(rows), repeat: Repeat),
            FitsTableColumnData.Int32("ID", Enumerable.Range(0, rows).ToArray()),
        ], extName: "COADD");
    }

    private static float[] Row(float[] all, int row) => all.AsSpan(row * Repeat, Repeat).ToArray();

    [Theory]
    [InlineData(FitsCompression.None, 4)]
    [InlineData(FitsCompression.None, LargeFileRows)]
    [InlineData(FitsCompression.Gzip, 4)]
    [InlineData(FitsCompression.BZip2, 4)]
    public void LargeFieldsReadInAnyOrderMatchTheWrittenValues(FitsCompression compression, int rows)
    {
        using var tmp = new TempFolder("spfusion-fits");
        Write(tmp.File("test.fits"), compression, rows);
        float[] expected = Values(rows);
        using var file = FitsFile.Open(tmp.File("test.fits"));
        var t = file.GetTable("COADD");
        // Before anything is cached (in place for a plain file), backwards so each read seeks.
        Assert.Equal(Row(expected, 3), t.ReadFloat32(3, "FLUX"));
        Assert.Equal(Row(expected, 1), t.ReadFloat32(1, "flux"));
        // A float64 read loads the unit; later float32 reads come from the cache.
        Assert.Equal(Row(expected, 0).Select(v => (double)v), t.ReadFloat64(0, "FLUX"));
        Assert.Equal(Row(expected, 2), t.ReadFloat32(2, "FLUX"));
        Assert.Equal([6f, 7f, 8f], t.ReadFloat32(2, "SMALL"));
        Assert.Equal([3L], t.ReadInt64(3, "ID"));
    }

    [Fact]
    public void OneRowTableOfAPlainFileReadsItsLargeFieldsWithoutTheSmallOnes()
    {
        using var tmp = new TempFolder("spfusion-fits");
        Write(tmp.File("test.fits"), FitsCompression.None, rows: 1);
        using var file = FitsFile.Open(tmp.File("test.fits"));
        var t = file.GetTable(1);
        Assert.Equal(Values(1), t.ReadFloat32(0, "FLUX"));
        Assert.Equal([0f, 1f, 2f], t.ReadFloat32(0, "SMALL"));
        Assert.Equal(Values(1), t.ReadFloat32(0, "FLUX"));
    }

    [Fact]
    public void RowOutsideTheTableIsRejectedBeforeAnyRead()
    {
        using var tmp = new TempFolder("spfusion-fits");
        Write(tmp.File("test.fits"), FitsCompression.None, rows: 2);
        using var file = FitsFile.Open(tmp.File("test.fits"));
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => file.GetTable(1).ReadFloat32(2, "FLUX"));
        Assert.Contains("row 2 is outside 0..1", ex.Message);
        Assert.Contains(tmp.File("test.fits"), ex.Message);
    }

    [Fact]
    public void LargePlainFileCutShortAfterOpeningIsAFormatErrorNotGarbage()
    {
        using var tmp = new TempFolder("spfusion-fits");
        Write(tmp.File("test.fits"), FitsCompression.None, LargeFileRows);
        using var file = FitsFile.Open(tmp.File("test.fits"));
        var t = file.GetTable(1);
        long cut = t.DataOffset + 100;
        using (var shrink = new FileStream(tmp.File("test.fits"), FileMode.Open, FileAccess.Write, FileShare.ReadWrite)) shrink.SetLength(cut);
        var ex = Assert.Throws<FitsFormatException>(() => t.ReadFloat32(3, "FLUX"));
        Assert.Contains(tmp.File("test.fits"), ex.Message);
        Assert.Contains("HDU 1", ex.Message);
        Assert.Contains("data shorter than the header promises", ex.Message);
    }

    [Fact]
    public void SmallPlainFileIsReadWholeWhenOpenedAndUnreadableAfterDispose()
    {
        using var tmp = new TempFolder("spfusion-fits");
        Write(tmp.File("test.fits"), FitsCompression.None, rows: 4);
        var file = FitsFile.Open(tmp.File("test.fits"));
        var t = file.GetTable(1);
        using (var shrink = new FileStream(tmp.File("test.fits"), FileMode.Open, FileAccess.Write, FileShare.ReadWrite)) shrink.SetLength(0);
        Assert.Equal(Row(Values(4), 2), t.ReadFloat32(2, "FLUX"));
        file.Dispose();
        Assert.Throws<ObjectDisposedException>(() => t.ReadFloat32(1, "FLUX"));
    }
}
