using SPFusion.Tests.Support;
using SPFusion.Transforms.Images;

namespace SPFusion.Tests.Images;

public class SdssFrameReaderDamageTests
{
    /// <summary>
    /// The last bzip2 block holds the end of the image and the small extensions. bzip2 checks a block's CRC only at the
    /// block's end, so a reader that stops after the image gets damaged pixels from that block without any error.
    /// </summary>
    [Fact]
    public void DamageInTheLastCompressedBlockIsReportedNamingTheFile()
    {
        string source = TestPaths.DataFile("sdss", "frame-r-004510-4-0030.fits.bz2");
        using var temp = new TempFolder("spfusion-damaged");
        string damaged = temp.File("frame-r-damaged.fits.bz2");
        byte[] bytes = File.ReadAllBytes(source);
        bytes[bytes.Length - 400] ^= 0x5A;
        File.WriteAllBytes(damaged, bytes);
        var intact = SdssFrameReader.Read(source);
        Assert.Equal(2048 * 1489, intact.Pixels.Length);
        // A streaming decoder (SharpZipLib, which the reader used alone before the block decoder) stopping after HDU 0
        // yields wrong pixels silently; only reading on to the end finds the damage.
        using (var file = SPFusion.Transforms.Fits.FitsFile.OpenWith(damaged, blockDecoder: false))
            Assert.NotEqual(intact.Pixels, file.Primary.ReadFloat32());
        // The block decoder checks each block's CRC as soon as the block is decoded, so even HDU 0 alone is refused.
        using (var file = SPFusion.Transforms.Fits.FitsFile.Open(damaged))
            Assert.Contains("CRC mismatch", Assert.ThrowsAny<IOException>(() => file.Primary.ReadFloat32()).Message, StringComparison.Ordinal);
        Assert.ThrowsAny<IOException>(() => SdssFrameReader.ReadWhole(damaged, blockDecoder: false));
        var ex = Assert.ThrowsAny<IOException>(() => SdssFrameReader.Read(damaged));
        Assert.Contains(Path.GetFileName(damaged), ex.Message, StringComparison.Ordinal);
    }
}
