using SPFusion.Tests.Support;
using SPFusion.Transforms.Fits;

namespace SPFusion.Tests.Fits;

public class CalibObjTests
{
    [Fact]
    public void StarCatalogueReadsPositionsAndPerBandPixelCentres()
    {
        using var file = FitsFile.Open(TestPaths.DataFile("sdss", "calibObj-004510-4-star.fits.gz"));
        Assert.Equal(FitsCompression.Gzip, file.Compression);
        var t = file.GetTable(1);
        Assert.Equal(5232L, t.RowCount);
        Assert.Equal(577L, t.RowLength);
        Assert.Equal(65, t.Columns.Count);
        Assert.Equal("5E", t.GetColumn("COLC").Format);
        Assert.Equal(5L, t.GetColumn("ROWC").Repeat);

        // Values from the decompressed bytes (python gzip + struct).
        Assert.Equal(196.83807502841245, t.ReadFloat64(0, "RA")[0]);
        Assert.Equal(37.219981688368655, t.ReadFloat64(0, "DEC")[0]);
        Assert.Equal([959.5730590820312f, 961.1494140625f, 955.5968017578125f, 957.748046875f, 960.0086669921875f], t.ReadFloat32(0, "COLC"));
        Assert.Equal([95.91688537597656f, 100.77040100097656f, 90.71578979492188f, 93.56930541992188f, 97.80513763427734f], t.ReadFloat32(0, "ROWC"));
        Assert.Equal(202.51734178452827, t.ReadFloat64(5231, "RA")[0]);
        Assert.Equal(1069.4459228515625f, t.ReadFloat32(5231, "ROWC")[0]);
        Assert.Equal([11L], t.ReadInt64(0, "FIELD"));
        Assert.Equal([41L], t.ReadInt64(5231, "FIELD"));
        Assert.Equal("301", t.ReadString(0, "RERUN"));
        Assert.Equal([4L], t.ReadInt64(0, "CAMCOL")); // B column

        double[] ra = t.ReadColumnFloat64("RA");
        Assert.Equal(5232, ra.Length);
        Assert.Equal(196.85290702010278, ra[1]);
        Assert.All(ra, v => Assert.InRange(v, 196.0, 203.0));
        double[] colc = t.ReadColumnFloat64("COLC");
        Assert.Equal(5232 * 5, colc.Length);
        Assert.Equal(785.174072265625, colc[5]);
        Assert.All(colc, v => Assert.InRange(v, 0.0, 2048.0));
    }
}
