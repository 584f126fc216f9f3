using SPFusion.Tests.Support;
using SPFusion.Transforms.Fits;

namespace SPFusion.Tests.Fits;

public class LamostFitsTests
{
    [Fact]
    public void Dr7PrimaryImageHoldsFiveRowsWithLogLinearWavelengths()
    {
        using var file = FitsFile.Open(TestPaths.DataFile("lamost", "spec-55859-F5902_sp01-001_dr7.fits.gz"));
        Assert.Equal(FitsCompression.Gzip, file.Compression);
        var image = file.Primary;
        Assert.Equal("PRIMARY", image.TypeName);
        Assert.Equal(-32, image.Bitpix);
        Assert.Equal([3908L, 5L], image.Shape);
        Assert.Equal(101001L, image.Header.GetInt64("OBSID"));
        Assert.Equal("LAMOST DR7", image.Header.GetString("DATA_V"));
        double c0 = image.Header.RequireDouble("COEFF0");
        double c1 = image.Header.RequireDouble("COEFF1");
        Assert.Equal(3.5682, c0);
        Assert.Equal(1e-4, c1);

        float[] data = image.ReadFloat32();
        Assert.Equal(3908 * 5, data.Length);
        // Values checked against the raw big-endian bytes with python struct.
        Assert.Equal(269.98858642578125f, data[0]);
        Assert.Equal(4.4354062993079424e-05f, data[3908]);
        for (int i = 0; i < 3908; i++)
        {
            float expected = (float)Math.Pow(10, c0 + (c1 * i));
            Assert.True(Math.Abs(data[(2 * 3908) + i] - expected) <= 1e-6 * expected, $"wavelength {i}: {data[(2 * 3908) + i]} vs {expected}");
        }

        double[] asDouble = image.ReadFloat64();
        Assert.Equal((double)data[2 * 3908], asDouble[2 * 3908]);
        Assert.Single(file.Hdus);
    }

    [Fact]
    public void Dr9PrimaryWithStaleNaxisCardsHasNoDataAndCoaddTableFollows()
    {
        using var file = FitsFile.Open(TestPaths.DataFile("lamost", "spec-55859-F5902_sp01-013_dr8.fits.gz"));
        var primary = file.Primary;
        Assert.Empty(primary.Shape);
        Assert.Equal(0, primary.DataLength);
        Assert.False(primary.HasData);
        Assert.Equal(3908L, primary.Header.GetInt64("NAXIS1")); // stale card, kept in the header but ignored
        Assert.Empty(primary.ReadFloat32());

        Assert.Equal(2, file.Hdus.Count);
        var table = file.GetTable("COADD");
        Assert.Equal(1, table.Index);
        Assert.Equal(1L, table.RowCount);
        Assert.Equal(93792L, table.RowLength);
        Assert.Equal(["FLUX", "IVAR", "WAVELENGTH", "ANDMASK", "ORMASK", "NORMALIZATION"], table.Columns.Select(c => c.Name));
        Assert.All(table.Columns, c => Assert.Equal("3908E", c.Format));
        float[] flux = table.ReadFloat32(0, "flux");
        Assert.Equal(3908, flux.Length);
        Assert.Equal(149.79591369628906f, flux[0]);
        float[] wave = table.ReadFloat32(0, "WAVELENGTH");
        Assert.Equal(3699.986328125f, wave[0]);
        Assert.Equal(9097.0400390625f, wave[^1]);
    }

    public static TheoryData<string, int> Dr10Files => new()
    {
        { "3703110.fits", 3909 }, { "3706009.fits", 3909 }, { "3706011.fits", 3909 }, { "3706103.fits", 3909 },
        { "3706125.fits", 3909 }, { "3709013.fits", 3902 }, { "3709130.fits", 3902 }, { "3709131.fits", 3902 },
        { "3709137.fits", 3902 }, { "3709139.fits", 3902 }, { "3709176.fits", 3902 }, { "3709196.fits", 3902 },
        { "3709197.fits", 3902 }, { "3709237.fits", 3902 }, { "3712166.fits", 3906 }, { "3713013.fits", 3902 },
        { "3713073.fits", 3902 }, { "3713134.fits", 3902 }, { "3713139.fits", 3902 }, { "3713158.fits", 3902 },
        { "3713167.fits", 3902 }, { "3713169.fits", 3902 }, { "3713226.fits", 3902 }, { "3713238.fits", 3902 },
        { "3715155.fits", 3909 },
    };

    [Theory]
    [MemberData(nameof(Dr10Files))]
    public void Dr10CoaddLengthComesFromTform(string name, int length)
    {
        using var file = FitsFile.Open(TestPaths.DataFile("lamost", "dr10", name));
        Assert.Equal(FitsCompression.None, file.Compression);
        Assert.Equal(long.Parse(name[..7], System.Globalization.CultureInfo.InvariantCulture), file.Primary.Header.GetInt64("OBSID"));
        var table = file.GetTable("COADD");
        var flux = table.GetColumn("FLUX");
        Assert.Equal(length, flux.Repeat);
        Assert.Equal($"{length}E", flux.Format);
        Assert.Equal(6L * length * 4, table.RowLength);
        float[] wave = table.ReadFloat32(0, "WAVELENGTH");
        Assert.Equal(length, wave.Length);
        // Log-linear grid from the primary header's COEFF0/COEFF1, to float precision.
        double c0 = file.Primary.Header.RequireDouble("COEFF0");
        double c1 = file.Primary.Header.RequireDouble("COEFF1");
        for (int i = 0; i < wave.Length; i++)
        {
            double expected = Math.Pow(10, c0 + (c1 * i));
            Assert.True(Math.Abs(wave[i] - expected) <= 1e-6 * expected, $"{name} wavelength {i}: {wave[i]} vs {expected}");
        }
    }
}
