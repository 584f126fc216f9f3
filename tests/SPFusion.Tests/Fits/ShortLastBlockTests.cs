using System.IO.Compression;
using SPFusion.Tests.Support;
using SPFusion.Transforms.Fits;

namespace SPFusion.Tests.Fits;

/// <summary>A file whose last block lost its padding but none of its data is read, with a warning naming it.</summary>
public class ShortLastBlockTests
{
    private static (byte[] Bytes, long DataEnd) ImageFile()
    {
        using var ms = new MemoryStream();
        using (var w = new FitsWriter(ms, leaveOpen: true))
            w.WriteImage(Enumerable.Range(0, 100).Select(i => (float)i).ToArray(), [10, 10]);
        return (ms.ToArray(), 2880 + 400);
    }

    [Fact]
    public void APlainFileWarnsAtOpenAndReadsItsData()
    {
        using var temp = new TempFolder("spfusion-short-block");
        var (bytes, dataEnd) = ImageFile();
        File.WriteAllBytes(temp.File("short.fits"), bytes[..(int)dataEnd]);
        using var file = FitsFile.Open(temp.File("short.fits"));
        string warning = Assert.Single(file.Warnings);
        Assert.Contains(temp.File("short.fits"), warning);
        Assert.Contains("ends 2480 bytes short of a whole 2880-byte FITS block", warning);
        Assert.Equal(99f, file.Primary.ReadFloat32()[99]);
        Assert.Single(file.Hdus);
    }

    [Fact]
    public void ACompressedFileWarnsOnceItsEndIsReached()
    {
        using var temp = new TempFolder("spfusion-short-block");
        var (bytes, dataEnd) = ImageFile();
        using (var gz = new GZipStream(File.Create(temp.File("short.fits.gz")), CompressionLevel.Fastest))
            gz.Write(bytes.AsSpan(0, (int)dataEnd));
        using var file = FitsFile.Open(temp.File("short.fits.gz"));
        Assert.Empty(file.Warnings);
        Assert.Single(file.Hdus);
        Assert.Contains("3280 bytes decompressed", Assert.Single(file.Warnings));
    }

    [Fact]
    public void AWholeFileHasNoWarning()
    {
        using var temp = new TempFolder("spfusion-short-block");
        File.WriteAllBytes(temp.File("whole.fits"), ImageFile().Bytes);
        using var file = FitsFile.Open(temp.File("whole.fits"));
        _ = file.Hdus;
        Assert.Empty(file.Warnings);
    }

    [Fact]
    public void InspectPrintsTheWarningOnStderr()
    {
        using var temp = new TempFolder("spfusion-short-block");
        var (bytes, dataEnd) = ImageFile();
        File.WriteAllBytes(temp.File("short.fits"), bytes[..(int)dataEnd]);
        var (code, stdout, stderr) = Cli.CliHarness.Run("inspect", temp.File("short.fits"));
        Assert.Equal(0, code);
        Assert.Contains("HDU 0", stdout);
        Assert.Contains("warning: ", stderr);
        Assert.Contains("short of a whole 2880-byte FITS block", stderr);
    }
}
