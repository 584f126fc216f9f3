using SPFusion.Tests.Support;
using SPFusion.Transforms.Fits;

namespace SPFusion.Tests.Reliability;

/// <summary>
/// Gzip files that are valid though unusual still read after the reader switched to a trailer-checking decompressor:
/// concatenated members (what <c>cat a.gz b.gz</c> makes) and zero padding after the stream (tape-block tools).
/// </summary>
public sealed class GzipVariantTests : IDisposable
{
    private readonly TempFolder _temp = new("spfusion-gzvariant");

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("two-members")]
    [InlineData("zero-padding")]
    public void ValidGzipVariantsReadTheSameValues(string variant)
    {
        string plain = TestPaths.DataFile("fits", "arange.fits");
        byte[] fits = File.ReadAllBytes(plain);
        byte[] gz = variant == "two-members"
            ? [.. FitsBytes.Gzip(fits[..5760]), .. FitsBytes.Gzip(fits[5760..])]
            : [.. FitsBytes.Gzip(fits), .. new byte[512]];
        string path = Path.Combine(_temp.Path, variant + ".fits.gz");
        File.WriteAllBytes(path, gz);

        using var expected = FitsFile.Open(plain);
        using var actual = FitsFile.Open(path);
        Assert.Equal(FitsCompression.Gzip, actual.Compression);
        Assert.Equal(expected.Hdus.Count, actual.Hdus.Count);
        Assert.Equal(expected.Primary.ReadFloat64(), actual.Primary.ReadFloat64());
    }
}
