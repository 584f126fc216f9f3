using SPFusion.Tests.Support;
using SPFusion.Transforms.Fits;

namespace SPFusion.Tests.Fits;

public class SdssFitsTests
{
    public static TheoryData<string> Frames => new()
    {
        "frame-g-004510-4-0030.fits.bz2", "frame-r-004510-4-0030.fits.bz2", "frame-i-004510-4-0030.fits.bz2",
        "frame-g-008162-6-0080.fits.bz2", "frame-r-008162-6-0080.fits.bz2", "frame-i-008162-6-0080.fits.bz2",
    };

    [Theory]
    [MemberData(nameof(Frames))]
    public void FrameHeadersListFourHdusWithoutDecodingData(string name)
    {
        using var file = FitsFile.Open(TestPaths.DataFile("sdss", name));
        Assert.Equal(FitsCompression.BZip2, file.Compression);
        Assert.Equal(["PRIMARY", "IMAGE", "BINTABLE", "BINTABLE"], file.Hdus.Select(h => h.TypeName));
        var primary = file.Primary;
        Assert.Equal(-32, primary.Bitpix);
        Assert.Equal([2048L, 1489L], primary.Shape);
        Assert.Equal("nanomaggy", primary.Header.GetString("BUNIT"));
        Assert.Equal(name[6..7], primary.Header.GetString("FILTER"));
        Assert.Equal("RA---TAN", primary.Header.GetString("CTYPE1"));
        Assert.Equal([2048L], file.GetImage(1).Shape);

        var sky = file.GetTable(2);
        Assert.Equal(["ALLSKY", "XINTERP", "YINTERP"], sky.Columns.Select(c => c.Name));
        var allsky = sky.GetColumn("ALLSKY");
        Assert.Equal(2, allsky.Dims!.Length);
        Assert.Equal(256L, allsky.Dims[0]);
        Assert.Equal(allsky.Repeat, allsky.Dims[0] * allsky.Dims[1]); // TDIM1 (256,192) or (256,191) matches TFORM1
        Assert.Equal(1489L, sky.GetColumn("YINTERP").Repeat);

        var astrometry = file.GetTable(3);
        Assert.Equal(31, astrometry.Columns.Count);
        Assert.Equal(long.Parse(name[8..14], System.Globalization.CultureInfo.InvariantCulture), astrometry.ReadInt64(0, "RUN")[0]);
        Assert.Equal("301", astrometry.ReadString(0, "RERUN"));
        Assert.Equal(name[6..7], astrometry.ReadString(0, "filter"));
        Assert.Equal(2, astrometry.ReadInt64(0, "NAXIS").Length);
    }

    [Fact]
    public void FrameImageAndTablesDecodeToTheStoredValues()
    {
        // Expected values read from the decompressed bytes with python (bz2 + struct, big-endian float32).
        using var file = FitsFile.Open(TestPaths.DataFile("sdss", "frame-g-004510-4-0030.fits.bz2"));
        float[] image = file.Primary.ReadFloat32();
        Assert.Equal(2048 * 1489, image.Length);
        Assert.Equal(0.02252197265625f, image[0]);
        Assert.Equal(-0.0141143798828125f, image[1]);
        Assert.Equal(0.0150299072265625f, image[(2048 * 100) + 500]);
        Assert.Equal(0.004166407708847187, image.Average(v => (double)v), 9);

        float[] calibration = file.GetImage(1).ReadFloat32();
        Assert.Equal(0.00366212148219347f, calibration[0]);
        Assert.Equal(0.003660963848233223f, calibration[2047]);
        Assert.Equal(57.85451889038086f, file.GetTable(2).ReadFloat32(0, "ALLSKY")[0]);
        Assert.Equal(-0.4375f, file.GetTable(2).ReadFloat32(0, "XINTERP")[0]);
        Assert.Equal(4L, file.GetTable(3).ReadInt64(0, "CAMCOL")[0]);
    }

    [Fact]
    public void LaterHduOfACompressedFileIsReachableAfterReadingAnEarlierOne()
    {
        using var file = FitsFile.Open(TestPaths.DataFile("sdss", "frame-r-008162-6-0080.fits.bz2"));
        Assert.Equal(8162L, file.GetTable(3).ReadInt64(0, "RUN")[0]);
        float[] image = file.Primary.ReadFloat32(); // behind the stream position: the stream is re-opened
        Assert.Equal(0.00232696533203125f, image[0]);
        Assert.Equal(0.0417769160822204, image.Average(v => (double)v), 9);
        Assert.Equal(0.004940210375934839f, file.GetImage(1).ReadFloat32()[0]);
    }
}
