using ICSharpCode.SharpZipLib.GZip;
using SPFusion.Synthetic;
using SPFusion.Tests.Fits.Bzip2;
using SPFusion.Tests.Support;
using SPFusion.Tests.Wcs;
using SPFusion.Transforms.Images;

namespace SPFusion.Tests.Images;

public class SdssFrameWindowTests(Field4510Frames frames) : IClassFixture<Field4510Frames>
{
    private static string Frame(string band) => TestPaths.DataFile("sdss", $"frame-{band}-004510-4-0030.fits.bz2");

    private static void AssertWindowEqualsWhole(SdssFrame whole, SdssFrame window)
    {
        Assert.Equal((whole.Width, whole.Height, whole.Band, whole.Source), (window.Width, window.Height, window.Band, window.Source));
        Assert.Equal(whole.Wcs.PixelToWorld(10, 20), window.Wcs.PixelToWorld(10, 20));
        Assert.Equal(window.RowCount * window.Width, window.Pixels.Length);
        Assert.Equal(whole.Pixels.AsSpan(window.FirstRow * whole.Width, window.Pixels.Length).ToArray(), window.Pixels);
    }

    [Theory]
    [InlineData("frame-g-004510-4-0030.fits.bz2", 700.0)]
    [InlineData("frame-g-008162-6-0080.fits.bz2", 1300.0)]
    [InlineData("frame-g-008162-6-0080.fits.bz2", 40.0)]
    public void WindowedReadEqualsTheWholeReadOnTheWindowsRows(string name, double row)
    {
        string path = TestPaths.DataFile("sdss", name);
        var whole = SdssFrameReader.Read(path);
        var (ra, dec) = whole.Wcs.PixelToWorld(900, row);
        var window = SdssFrameReader.ReadAround(path, [(ra, dec)]);
        AssertWindowEqualsWhole(whole, window);
        Assert.False(window.IsWhole);
        // Half the cut-out (64) plus the margin (16) on each side, clipped to the frame.
        double y = whole.Wcs.WorldToPixel(ra, dec).Y;
        Assert.True(Math.Abs(y - row) < 1e-6);
        Assert.Equal(Math.Max(0, (int)Math.Floor(y - 80)), window.FirstRow);
        Assert.Equal(Math.Min(whole.Height - 1, (int)Math.Ceiling(y + 80)), window.FirstRow + window.RowCount - 1);
    }

    [Fact]
    public void SeveralStarsShareOneWindowFromTheLowestToTheHighest()
    {
        var (ra1, dec1) = frames.G.Wcs.PixelToWorld(300, 400);
        var (ra2, dec2) = frames.G.Wcs.PixelToWorld(1500, 900);
        var window = SdssFrameReader.ReadAround(Frame("g"), [(ra1, dec1), (ra2, dec2), (double.NaN, 0)]);
        Assert.Equal((int)Math.Floor(frames.G.Wcs.WorldToPixel(ra1, dec1).Y - 80), window.FirstRow);
        Assert.Equal((int)Math.Ceiling(frames.G.Wcs.WorldToPixel(ra2, dec2).Y + 80), window.FirstRow + window.RowCount - 1);
        AssertWindowEqualsWhole(frames.G, window);
    }

    [Fact]
    public void CutoutsFromWindowedFramesEqualThoseFromWholeFramesForTheCatalogueStars()
    {
        var all = CalibObjStar.Field(30);
        var stars = all.Where(s => s.PsfFlux[1] > 20 && s.Colc[1] > 70 && s.Colc[1] < 1978 && s.Rowc[1] > 70 && s.Rowc[1] < 1419).Take(6).ToList();
        Assert.Equal(6, stars.Count);
        var builder = new StarCutoutBuilder();
        foreach (var s in stars)
        {
            (double, double)[] at = [(s.Ra, s.Dec)];
            var g = SdssFrameReader.ReadAround(Frame("g"), at);
            var r = SdssFrameReader.ReadAround(Frame("r"), at);
            var i = SdssFrameReader.ReadAround(Frame("i"), at);
            Assert.False(g.IsWhole || r.IsWhole || i.IsWhole);
            var expected = builder.Build($"row{s.Row}", s.Ra, s.Dec, frames.G, frames.R, frames.I);
            var actual = builder.Build($"row{s.Row}", s.Ra, s.Dec, g, r, i);
            Assert.Equal(expected.Raw, actual.Raw);
            Assert.Equal(expected.Normalised, actual.Normalised);
            Assert.Equal((expected.OriginX, expected.OriginY), (actual.OriginX, actual.OriginY));
        }
    }

    [Fact]
    public void EdgeStarsAreRefusedWithTheSameMessageAsForWholeFrames()
    {
        var builder = new StarCutoutBuilder();
        foreach (var (x, y) in new[] { (1000.0, 65.0), (1000.0, 1440.0), (30.2, 700.0), (1000.0, -30.0) })
        {
            var (ra, dec) = frames.G.Wcs.PixelToWorld(x, y);
            (double, double)[] at = [(ra, dec)];
            var whole = Assert.Throws<InvalidDataException>(() => builder.Build("edge", ra, dec, frames.G, frames.R, frames.I));
            var windowed = Assert.Throws<InvalidDataException>(() =>
                builder.Build("edge", ra, dec, SdssFrameReader.ReadAround(Frame("g"), at), SdssFrameReader.ReadAround(Frame("r"), at), SdssFrameReader.ReadAround(Frame("i"), at)));
            Assert.Equal(whole.Message, windowed.Message);
        }

        // Padding reads only in-frame rows, which the clipped window holds.
        var pad = new StarCutoutBuilder(new StarCutoutOptions { EdgePolicy = CutoutEdgePolicy.PadWithBandMedian });
        var (pra, pdec) = frames.G.Wcs.PixelToWorld(1000, 20);
        (double, double)[] near = [(pra, pdec)];
        var padded = pad.Build("top", pra, pdec, SdssFrameReader.ReadAround(Frame("g"), near), SdssFrameReader.ReadAround(Frame("r"), near), SdssFrameReader.ReadAround(Frame("i"), near));
        Assert.Equal(pad.Build("top", pra, pdec, frames.G, frames.R, frames.I).Raw, padded.Raw);
    }

    [Fact]
    public void ReadingARowOutsideTheWindowThrowsInsteadOfGivingAValue()
    {
        var (ra, dec) = frames.G.Wcs.PixelToWorld(1000, 300);
        var window = SdssFrameReader.ReadAround(Frame("g"), [(ra, dec)]);
        Assert.Equal(frames.G[5, 300], window[5, 300]);
        var ex = Assert.Throws<InvalidOperationException>(() => window[5, 1000]);
        Assert.Contains("row 1000 was not decoded", ex.Message, StringComparison.Ordinal);
        Assert.Contains(window.Source, ex.Message, StringComparison.Ordinal);

        // A star elsewhere on the frame cannot be cut out of this window: a programming error, never silent.
        var (ra2, dec2) = frames.G.Wcs.PixelToWorld(1000, 1000);
        Assert.Throws<InvalidOperationException>(() => new StarCutoutBuilder().Build("elsewhere", ra2, dec2, window, frames.R, frames.I));
        var rWindow = SdssFrameReader.ReadAround(Frame("r"), [(ra, dec)]);
        Assert.Throws<InvalidOperationException>(() => new StarCutoutBuilder().Build("elsewhere", ra2, dec2, frames.G, rWindow, frames.I));
        Assert.Throws<InvalidOperationException>(() => BilinearSampler.TrySample(window, 10.5, 1000.5, out _));
        Assert.True(BilinearSampler.TrySample(window, 10.5, 300.5, out float v));
        Assert.True(BilinearSampler.TrySample(frames.G, 10.5, 300.5, out float w));
        Assert.Equal(w, v);
    }

    [Fact]
    public void AnUncompressedFrameIsReadBySeekingToTheWindow()
    {
        using var temp = new TempFolder("spfusion-window-plain");
        string plain = temp.File("frame-g-004510-4-0030.fits");
        File.WriteAllBytes(plain, Bzip2BlockDecoderTests.SharpZipLibDecode(Frame("g")));
        var (ra, dec) = frames.G.Wcs.PixelToWorld(1000, 900);
        var window = SdssFrameReader.ReadAround(plain, [(ra, dec)]);
        Assert.False(window.IsWhole);
        var whole = SdssFrameReader.Read(plain);
        AssertWindowEqualsWhole(whole, window);
        Assert.Equal(frames.G.Pixels, whole.Pixels);
    }

    [Fact]
    public void GzipFramesAndUnindexableBzip2FallBackToTheWholeFrame()
    {
        using var temp = new TempFolder("spfusion-window-gzip");
        string gz = temp.File("frame-g-004510-4-0030.fits.gz");
        using (var output = new GZipOutputStream(File.Create(gz)))
            output.Write(Bzip2BlockDecoderTests.SharpZipLibDecode(Frame("g")));
        var (ra, dec) = frames.G.Wcs.PixelToWorld(1000, 900);
        var window = SdssFrameReader.ReadAround(gz, [(ra, dec)]);
        Assert.True(window.IsWhole);
        Assert.Equal(0, window.FirstRow);
        Assert.Equal(frames.G.Pixels, window.Pixels);

        // Two concatenated bzip2 streams (the frame, then a copy of it) cannot be indexed: SharpZipLib decodes the first whole.
        string twice = temp.File("frame-g-twice.fits.bz2");
        byte[] bytes = File.ReadAllBytes(Frame("g"));
        File.WriteAllBytes(twice, [.. bytes, .. bytes]);
        var fallback = SdssFrameReader.ReadAround(twice, [(ra, dec)]);
        Assert.True(fallback.IsWhole);
        Assert.Equal(frames.G.Pixels, fallback.Pixels);
    }

    [Fact]
    public void SyntheticFramesWindowedEqualWholeAndGiveTheSameCutouts()
    {
        using var temp = new TempFolder("spfusion-window-synth");
        var field = SyntheticField.Sample(5, new Random(23));
        var paths = new string[3];
        for (int band = 0; band < 3; band++)
        {
            paths[band] = temp.File(field.FileName(band));
            SdssFrameFileWriter.Write(paths[band], field, band, SdssFrameRenderer.Render(field, band, [], new Random(band + 9)));
        }

        var whole = paths.Select(SdssFrameReader.Read).ToArray();
        var builder = new StarCutoutBuilder();
        foreach (var (x, y) in new[] { (500.0, 200.0), (1200.0, 760.0), (1900.0, 1350.0) })
        {
            var (ra, dec) = field.Wcs[0].PixelToWorld(x, y);
            var windows = paths.Select(p => SdssFrameReader.ReadAround(p, [(ra, dec)])).ToArray();
            for (int band = 0; band < 3; band++)
                AssertWindowEqualsWhole(whole[band], windows[band]);
            Assert.Equal(builder.Build("s", ra, dec, whole[0], whole[1], whole[2]).Raw, builder.Build("s", ra, dec, windows[0], windows[1], windows[2]).Raw);
        }
    }
}
