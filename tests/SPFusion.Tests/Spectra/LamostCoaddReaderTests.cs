using SPFusion.Tests.Fits;
using SPFusion.Tests.Support;
using SPFusion.Transforms.Fits;
using SPFusion.Transforms.Spectra;

namespace SPFusion.Tests.Spectra;

/// <summary>
/// The DR8+ COADD layout on synthetic files: wavelength and masks pass through a shared buffer and vectorised
/// conversions, so whole vectors, the scalar tail and the first bad element must all come out as the plain loop gives.
/// </summary>
public class LamostCoaddReaderTests
{
    private const int N = 37; // not a multiple of any vector width: both the vector part and the tail are used

    private static float[] Wavelength() => Enumerable.Range(0, N).Select(i => (float)Math.Pow(10, 3.5682 + (1e-4 * i))).ToArray();

    private static float[] Masks() => Enumerable.Range(0, N).Select(i => i % 3 == 0 ? 0f : i % 3 == 1 ? -0f : (float)((1 << (i % 24)) * (i % 2 == 0 ? 1 : -1))).ToArray();

    private static LamostSpectrum ReadWith(float[]? andMask = null, float[]? orMask = null, float[]? wavelength = null, FitsTableColumnData? orMaskColumn = null)
    {
        using var tmp = new TempFolder("spfusion-fits");
        using (var w = FitsWriter.Create(tmp.File("test.fits")))
        {
            w.WriteEmptyPrimary([FitsCard.Create("OBSID", 1234L), FitsCard.Create("CLASS", "STAR")]);
            var flux = Enumerable.Range(0, N).Select(i => (float)i).ToArray();
            w.WriteBinaryTable(
            [
                FitsTableColumnData.Float32("FLUX", flux, repeat: N),
                FitsTableColumnData.Float32("IVAR", flux, repeat: N),
                FitsTableColumnData.Float32("WAVELENGTH", wavelength ?? Wavelength(), repeat: (wavelength ?? Wavelength()).Length),
                FitsTableColumnData.Float32("ANDMASK", andMask ?? Masks(), repeat: N),
                orMaskColumn ?? FitsTableColumnData.Float32("ORMASK", orMask ?? Masks(), repeat: N),
            ], extName: "COADD");
        }
        return LamostSpectrumReader.Read(tmp.File("test.fits"));
    }

    [Fact]
    public void IntegralMasksAndWavelengthsConvertExactly()
    {
        var s = ReadWith();
        Assert.Equal(Wavelength().Select(v => (double)v), s.Wavelength);
        Assert.Equal(Masks().Select(v => (int)v), s.AndMask);
        Assert.Equal(Masks().Select(v => (int)v), s.OrMask);
        Assert.Equal(1234L, s.ObsId);
    }

    [Theory]
    [InlineData(3, 1.5f)]
    [InlineData(N - 1, 0.25f)]
    [InlineData(9, float.NaN)]
    public void FirstNonIntegralMaskElementIsNamed(int at, float bad)
    {
        var mask = Masks();
        mask[at] = bad;
        mask[N - 2] = 7.5f; // a later bad element must not be the one reported (unless it is the first)
        var ex = Assert.Throws<InvalidDataException>(() => ReadWith(orMask: mask));
        Assert.Contains($"column ORMASK element {Math.Min(at, N - 2)} = ", ex.Message);
        Assert.Contains("not an integer bit mask", ex.Message);
    }

    [Fact]
    public void IntegerMaskColumnIsConvertedThroughPhysicalValues()
    {
        var ints = Enumerable.Range(0, N).Select(i => i * 1000).ToArray();
        var s = ReadWith(orMaskColumn: FitsTableColumnData.Int32("ORMASK", ints, repeat: N));
        Assert.Equal(ints, s.OrMask);
    }

    [Fact]
    public void ColumnOfAnotherLengthIsRefusedNamingIt()
    {
        var ex = Assert.Throws<InvalidDataException>(() => ReadWith(wavelength: Wavelength()[..^1]));
        Assert.Contains($"column WAVELENGTH has {N - 1} elements but FLUX has {N}", ex.Message);
    }
}
