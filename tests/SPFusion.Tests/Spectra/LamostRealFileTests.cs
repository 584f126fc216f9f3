using SPFusion.Tests.Support;
using SPFusion.Transforms.Spectra;

namespace SPFusion.Tests.Spectra;

public class LamostRealFileTests
{
    public static TheoryData<string> AllFiles()
    {
        var data = new TheoryData<string>
        {
            Path.Combine("lamost", "spec-55859-F5902_sp01-001_dr7.fits.gz"),
            Path.Combine("lamost", "spec-55859-F5902_sp01-013_dr8.fits.gz"),
        };
        foreach (string f in Directory.GetFiles(Path.Combine(TestPaths.Data, "lamost", "dr10"), "*.fits").Order(StringComparer.Ordinal))
            data.Add(Path.GetRelativePath(TestPaths.Data, f));
        return data;
    }

    [Fact]
    public void Dr10FolderHoldsThe25Files() => Assert.Equal(27, AllFiles().Count);

    [Theory]
    [MemberData(nameof(AllFiles))]
    public void EveryRealFilePreparesTo3522PixelsPaddedBy31(string relative)
    {
        var spectrum = LamostSpectrumReader.Read(TestPaths.DataFile(relative));
        var prepared = new SpectrumPreparation().Prepare(spectrum);
        Assert.False(prepared.Resampled);
        Assert.Equal(3522, prepared.Flux.Length);
        Assert.Equal(31, prepared.LeftPad);
        Assert.Equal(3584, prepared.Input.Length);
        Assert.InRange(prepared.Wavelength[0], 4000.0, 4001.0);
        Assert.InRange(prepared.Wavelength[^1], 8998.0, 9000.0);
        var body = prepared.Input.AsSpan(31, 3522);
        float min = float.MaxValue, max = float.MinValue;
        foreach (float v in body)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }

        Assert.Equal(0f, min);
        Assert.Equal(1f, max);
        Assert.All(prepared.Input[..31], v => Assert.Equal(0f, v));
        Assert.All(prepared.Input[3553..], v => Assert.Equal(0f, v));
        if (relative.Contains("dr10", StringComparison.Ordinal))
            Assert.Equal(long.Parse(Path.GetFileNameWithoutExtension(relative), System.Globalization.CultureInfo.InvariantCulture), spectrum.ObsId);
    }

    [Fact]
    public void Dr7ImageLayoutIsRead()
    {
        var s = LamostSpectrumReader.Read(TestPaths.DataFile("lamost", "spec-55859-F5902_sp01-001_dr7.fits.gz"));
        Assert.Equal(3908, s.Length);
        Assert.Equal(3908, s.Wavelength.Length);
        Assert.Equal(3908, s.OrMask.Length);
        Assert.Equal(101001, s.ObsId);
        Assert.Equal(332.202274, s.Ra);
        Assert.Equal(-2.056767, s.Dec);
        Assert.Equal(12.22, s.SnrG);
        Assert.Equal(-0.00013870, s.Z);
        Assert.Equal("STAR", s.Class);
        Assert.Equal(Math.Pow(10, 3.5682), s.Wavelength[0], 0.002);
        Assert.Equal(Math.Pow(10, 3.5682 + (3907 * 1e-4)), s.Wavelength[^1], 0.01);
    }

    [Fact]
    public void Dr9CoaddLayoutIsRead()
    {
        var s = LamostSpectrumReader.Read(TestPaths.DataFile("lamost", "spec-55859-F5902_sp01-013_dr8.fits.gz"));
        Assert.Equal(3908, s.Length);
        Assert.Equal(101013, s.ObsId);
        Assert.Equal(332.321523, s.Ra);
        Assert.Equal(5.56, s.SnrG);
        Assert.Equal("STAR", s.Class);
    }

    [Fact]
    public void Dr10LengthsComeFromTform()
    {
        // Values read with a separate struct-based decoder: 3703110 has 3909 samples, 3709013 has 3902.
        var a = LamostSpectrumReader.Read(TestPaths.DataFile("lamost", "dr10", "3703110.fits"));
        Assert.Equal(3909, a.Length);
        Assert.Equal(3699.986328125, a.Wavelength[0]);
        Assert.Equal(9099.134765625, a.Wavelength[^1]);
        Assert.Equal(19.35, a.SnrG);
        Assert.Equal(138.080956, a.Ra);
        var b = LamostSpectrumReader.Read(TestPaths.DataFile("lamost", "dr10", "3709013.fits"));
        Assert.Equal(3902, b.Length);
        Assert.Equal(9084.48046875, b.Wavelength[^1]);
    }

    [Fact]
    public void NonSpectrumFitsFileIsRefusedNamingIt()
    {
        string path = TestPaths.DataFile("wcs", "sip.fits");
        var ex = Assert.Throws<InvalidDataException>(() => LamostSpectrumReader.Read(path));
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("COADD", ex.Message, StringComparison.Ordinal);
    }
}
