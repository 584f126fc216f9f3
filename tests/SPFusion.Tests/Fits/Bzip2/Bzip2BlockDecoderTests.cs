using ICSharpCode.SharpZipLib.BZip2;
using SPFusion.Synthetic;
using SPFusion.Tests.Support;
using SPFusion.Transforms.Fits;
using SPFusion.Transforms.Fits.Bzip2;
using SPFusion.Transforms.Images;

namespace SPFusion.Tests.Fits.Bzip2;

public class Bzip2BlockDecoderTests
{
    internal static byte[] SharpZipLibDecode(string path)
    {
        using var input = new BZip2InputStream(File.OpenRead(path));
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    internal static byte[] BlockDecode(string path, int parallelism, out int blocks)
    {
        var index = Bzip2BlockIndex.TryBuild(path) ?? throw new InvalidOperationException($"{path} did not index");
        using var stream = new Bzip2BlockStream(index, parallelism);
        using var output = new MemoryStream();
        stream.CopyTo(output);
        blocks = stream.BlocksDecoded;
        return output.ToArray();
    }

    private static byte[] Compress(byte[] data, int level)
    {
        using var output = new MemoryStream();
        using (var bz = new BZip2OutputStream(output, level) { IsStreamOwner = false })
            bz.Write(data);
        return output.ToArray();
    }

    [Theory]
    [InlineData("frame-g-004510-4-0030.fits.bz2")]
    [InlineData("frame-g-008162-6-0080.fits.bz2")]
    public void RealSdssFramesDecodeByteForByteAsSharpZipLibOnOneThreadAndInParallel(string name)
    {
        string path = TestPaths.DataFile("sdss", name);
        byte[] expected = SharpZipLibDecode(path);
        byte[] serial = BlockDecode(path, 1, out int blocks);
        Assert.True(blocks > 10, $"{blocks} blocks");
        Assert.Equal(expected, serial);
        Assert.Equal(expected, BlockDecode(path, 4, out int again));
        Assert.Equal(blocks, again);
    }

    [Fact]
    public void RealFramesReadThroughTheBlockDecoderEqualSharpZipLibPixelForPixel()
    {
        foreach (string name in new[] { "frame-g-004510-4-0030.fits.bz2", "frame-g-008162-6-0080.fits.bz2" })
        {
            string path = TestPaths.DataFile("sdss", name);
            var blocks = SdssFrameReader.Read(path);
            var reference = SdssFrameReader.ReadWhole(path, blockDecoder: false);
            Assert.Equal((reference.Width, reference.Height, reference.Band), (blocks.Width, blocks.Height, blocks.Band));
            Assert.Equal(reference.Pixels, blocks.Pixels);
        }
    }

    [Fact]
    public void SyntheticFramesWrittenBySdssFrameWriterDecodeAsSharpZipLib()
    {
        using var temp = new TempFolder("spfusion-bz2-synth");
        var field = SyntheticField.Sample(3, new Random(11));
        for (int band = 0; band < 3; band++)
        {
            string path = temp.File(field.FileName(band));
            SdssFrameFileWriter.Write(path, field, band, SdssFrameRenderer.Render(field, band, [], new Random(band + 5)));
            Assert.Equal(SharpZipLibDecode(path), BlockDecode(path, 2, out _));
            Assert.Equal(SdssFrameReader.ReadWhole(path, blockDecoder: false).Pixels, SdssFrameReader.Read(path).Pixels);
        }
    }

    public static TheoryData<string, int> Patterns => new()
    {
        { "empty", 1 },
        { "one byte", 9 },
        { "runs of four", 1 },
        { "long runs", 1 },
        { "all 256 values", 1 },
        { "random, several blocks", 1 },
        { "text, several blocks", 2 },
    };

    [Theory]
    [MemberData(nameof(Patterns))]
    public void EdgeCasesOfTheFormatDecodeAsWritten(string pattern, int level)
    {
        var rng = new Random(7);
        byte[] data = pattern switch
        {
            "empty" => [],
            "one byte" => [42],
            // Runs of exactly four make the run-length step write a zero count; mixed with runs of five and three.
            "runs of four" => [.. Enumerable.Range(0, 60_000).SelectMany(i => Enumerable.Repeat((byte)rng.Next(256), 3 + rng.Next(3)))],
            // Runs longer than 255 continue after the count byte.
            "long runs" => [.. Enumerable.Range(0, 400).SelectMany(i => Enumerable.Repeat((byte)rng.Next(256), 1 + rng.Next(2000)))],
            // Skewed frequencies give codes of many lengths, some longer than the fast look-up table.
            "all 256 values" => [.. Enumerable.Range(0, 300_000).Select(i => (byte)(Math.Pow(rng.NextDouble(), 6) * 256))],
            "random, several blocks" => RandomBytes(rng, 350_000),
            _ => [.. Enumerable.Range(0, 40_000).SelectMany(i => System.Text.Encoding.ASCII.GetBytes($"row {i}: value {i * 0.37:0.000} "))],
        };
        using var temp = new TempFolder("spfusion-bz2-edge");
        string path = temp.File("data.bz2");
        File.WriteAllBytes(path, Compress(data, level));
        Assert.Equal(data, BlockDecode(path, 2, out _));
    }

    [Fact]
    public void ConcatenatedStreamsAndTruncatedFilesAreNotIndexed()
    {
        byte[] a = Compress(RandomBytes(new Random(1), 1000), 1), b = Compress(RandomBytes(new Random(2), 1000), 1);
        using var temp = new TempFolder("spfusion-bz2-index");
        string both = temp.File("both.bz2"), cut = temp.File("cut.bz2"), whole = temp.File("whole.bz2");
        File.WriteAllBytes(both, [.. a, .. b]);
        File.WriteAllBytes(cut, a[..^20]);
        File.WriteAllBytes(whole, a);
        Assert.Null(Bzip2BlockIndex.TryBuild(both));
        Assert.Null(Bzip2BlockIndex.TryBuild(cut));
        Assert.NotNull(Bzip2BlockIndex.TryBuild(whole));
    }

    [Fact]
    public void RandomisedBlocksAreLeftToSharpZipLib()
    {
        // SharpZipLib's writer randomises blocks it finds slow to sort, such as a short period repeated.
        byte[] data = [.. Enumerable.Range(0, 100_000).Select(i => (byte)(i * 31 % 256))];
        using var temp = new TempFolder("spfusion-bz2-random");
        string path = temp.File("periodic.bz2");
        File.WriteAllBytes(path, Compress(data, 1));
        Assert.Null(Bzip2BlockIndex.TryBuild(path));
        using var source = FitsByteSource.Open(path);
        Assert.False(source.IsBlockIndexed);
        var read = new byte[data.Length];
        Assert.Equal(data.Length, source.ReadFully(read));
        Assert.Equal(data, read);
    }

    [Fact]
    public void ACorruptedBlockIsRefusedNamingTheFileAndTheBlock()
    {
        string source = TestPaths.DataFile("sdss", "frame-g-004510-4-0030.fits.bz2");
        using var temp = new TempFolder("spfusion-bz2-corrupt");
        string damaged = temp.File("frame-g-corrupt.fits.bz2");
        byte[] bytes = File.ReadAllBytes(source);
        bytes[bytes.Length / 2] ^= 0x21;
        File.WriteAllBytes(damaged, bytes);
        var index = Bzip2BlockIndex.TryBuild(damaged);
        Assert.NotNull(index);
        var ex = Assert.ThrowsAny<IOException>(() => SdssFrameReader.Read(damaged));
        Assert.Contains(Path.GetFileName(damaged), ex.Message, StringComparison.Ordinal);
        Assert.Contains("bzip2 block", ex.Message, StringComparison.Ordinal);
        Assert.Contains("compressed bit offset", ex.Message, StringComparison.Ordinal);

        // The damaged byte is in block 6 of 14 (rows of about 658-768). A star whose window holds those rows needs it.
        var frame = SdssFrameReader.Read(source);
        var (ra, dec) = frame.Wcs.PixelToWorld(1000, 712);
        var windowed = Assert.ThrowsAny<IOException>(() => SdssFrameReader.ReadAround(damaged, [(ra, dec)]));
        Assert.Contains(Path.GetFileName(damaged), windowed.Message, StringComparison.Ordinal);
        Assert.Contains("bzip2 block", windowed.Message, StringComparison.Ordinal);

        // A star at the bottom is read from the file's end (blocks 11-13) and never decodes block 6, so it gets the
        // intact rows and the damage passes unnoticed: ReadAround documents that it checks only what it decodes.
        (ra, dec) = frame.Wcs.PixelToWorld(1000, 1400);
        var bottom = SdssFrameReader.ReadAround(damaged, [(ra, dec)]);
        Assert.True(bottom.FirstRow > 1200);
        Assert.Equal(frame.Pixels.AsSpan(bottom.FirstRow * frame.Width, bottom.RowCount * frame.Width).ToArray(), bottom.Pixels);
    }

    [Fact]
    public void ATruncatedFileIsRefusedByTheWholeAndTheWindowedRead()
    {
        string source = TestPaths.DataFile("sdss", "frame-g-008162-6-0080.fits.bz2");
        using var temp = new TempFolder("spfusion-bz2-truncated");
        string cut = temp.File("frame-g-cut.fits.bz2");
        byte[] bytes = File.ReadAllBytes(source);
        File.WriteAllBytes(cut, bytes[..(bytes.Length * 2 / 3)]);
        var whole = Assert.ThrowsAny<IOException>(() => SdssFrameReader.Read(cut));
        Assert.Contains(Path.GetFileName(cut), whole.Message, StringComparison.Ordinal);
        var frame = SdssFrameReader.Read(source);
        var (ra, dec) = frame.Wcs.PixelToWorld(1000, 200);
        var windowed = Assert.ThrowsAny<IOException>(() => SdssFrameReader.ReadAround(cut, [(ra, dec)]));
        Assert.Contains(Path.GetFileName(cut), windowed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AWrongStreamCrcIsRefusedAfterTheLastBlock()
    {
        byte[] data = Compress(RandomBytes(new Random(3), 5000), 1);
        data[^3] ^= 0x10; // inside the stored combined CRC (the last bits are padding)
        using var temp = new TempFolder("spfusion-bz2-crc");
        string path = temp.File("bad-crc.bz2");
        File.WriteAllBytes(path, data);
        var ex = Assert.Throws<InvalidDataException>(() => BlockDecode(path, 2, out _));
        Assert.Contains("stream CRC mismatch", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DamageAnywhereIsRefusedAsInvalidDataOrLeavesTheFileUnindexed()
    {
        var rng = new Random(21);
        byte[] data = [.. Enumerable.Range(0, 12_000).SelectMany(i => System.Text.Encoding.ASCII.GetBytes($"{i * 0.731:0.0000} {rng.Next(1000)};"))];
        byte[] compressed = Compress(data, 1);
        using var temp = new TempFolder("spfusion-bz2-fuzz");
        string path = temp.File("fuzz.bz2");
        int refused = 0, unindexed = 0;
        for (int trial = 0; trial < 150; trial++)
        {
            byte[] bytes = (byte[])compressed.Clone();
            int at = 4 + rng.Next(bytes.Length - 4);
            bytes[at] ^= (byte)(1 << rng.Next(8));
            File.WriteAllBytes(path, bytes);
            if (Bzip2BlockIndex.TryBuild(path) is null)
            {
                unindexed++;
                continue;
            }

            try
            {
                byte[] decoded = BlockDecode(path, 2, out _);
                Assert.Equal(data, decoded); // only a flip in the final padding bits can leave the data intact
            }
            catch (InvalidDataException)
            {
                refused++;
            }
        }

        Assert.True(refused > 100, $"{refused} refused, {unindexed} not indexed");
    }

    [Fact]
    public void ReadingOnlyTheStartDecodesOnlyTheFirstBlocks()
    {
        string path = TestPaths.DataFile("sdss", "frame-g-004510-4-0030.fits.bz2");
        var index = Bzip2BlockIndex.TryBuild(path)!;
        using var stream = new Bzip2BlockStream(index, 2);
        stream.ExpectThrough(2_000_000);
        var buffer = new byte[2_000_000];
        stream.ReadExactly(buffer);
        Assert.InRange(stream.BlocksDecoded, 3, 4);
        Assert.True(index.Candidates.Length > 10);
        Assert.Equal(SharpZipLibDecode(path).AsSpan(0, buffer.Length).ToArray(), buffer);
    }

    private static byte[] RandomBytes(Random rng, int n)
    {
        var b = new byte[n];
        rng.NextBytes(b);
        return b;
    }
}
