using SPFusion.Tests.Wcs;
using SPFusion.Transforms.Images;

namespace SPFusion.Tests.Images;

public class StarCutoutRealFrameTests(Field4510Frames frames) : IClassFixture<Field4510Frames>
{
    private const int Size = 128;
    private const int Plane = Size * Size;

    // Bright, unsaturated, isolated catalogue stars of field 30, well inside the g frame.
    private static readonly Lazy<IReadOnlyList<CalibObjStar>> Stars = new(() =>
    {
        var all = CalibObjStar.Field(30);
        return all.Where(s => s.PsfFlux[1] > 50 && s.CleanCentroid(1) && s.CleanCentroid(2) && s.CleanCentroid(3)
                && s.Colc[1] > 100 && s.Colc[1] < 1948 && s.Rowc[1] > 100 && s.Rowc[1] < 1389
                && all.All(o => o.Row == s.Row || Math.Abs(o.Colc[1] - s.Colc[1]) + Math.Abs(o.Rowc[1] - s.Rowc[1]) > 20))
            .Take(4).ToList();
    });

    [Fact]
    public void FrameAndStarSelectionAreAsExpected()
    {
        Assert.Equal((2048, 1489, "g"), (frames.G.Width, frames.G.Height, frames.G.Band));
        Assert.Equal("r", frames.R.Band);
        Assert.Equal("i", frames.I.Band);
        Assert.Equal(4, Stars.Value.Count);
    }

    [Fact]
    public void FramesGivenAsTheWrongBandAreRefusedNamingTheFrameAndItsFilter()
    {
        var s = Stars.Value[0];
        var builder = new StarCutoutBuilder();
        var swapped = Assert.Throws<InvalidDataException>(() => builder.Build("swapped", s.Ra, s.Dec, frames.G, frames.I, frames.R));
        Assert.Contains($"frame {frames.I.Source} has FILTER 'i' but is given as the r band", swapped.Message);
        Assert.Contains("star swapped", swapped.Message);
        var rAsG = Assert.Throws<InvalidDataException>(() => builder.Build("s", s.Ra, s.Dec, frames.R, frames.R, frames.I));
        Assert.Contains("FILTER 'r' but is given as the g band", rAsG.Message);
    }

    [Fact]
    public void CutoutOriginFollowsCutout2DAndGIsCopiedExactly()
    {
        var builder = new StarCutoutBuilder();
        foreach (var s in Stars.Value)
        {
            var c = builder.Build($"row{s.Row}", s.Ra, s.Dec, frames.G, frames.R, frames.I);
            Assert.True(Math.Abs(c.X - (s.Colc[1] - 0.5)) < 0.15 && Math.Abs(c.Y - (s.Rowc[1] - 0.5)) < 0.15);
            Assert.Equal((int)Math.Ceiling(c.X - 64), c.OriginX);
            Assert.Equal((int)Math.Ceiling(c.Y - 64), c.OriginY);
            Assert.Equal([0, 0, 0], c.PaddedPixels);
            Assert.Equal(3 * Plane, c.Raw.Length);
            for (int row = 0; row < Size; row++)
            {
                for (int col = 0; col < Size; col++)
                    Assert.Equal(frames.G[c.OriginX + col, c.OriginY + row], c.Raw[(row * Size) + col]);
            }
        }
    }

    [Fact]
    public void RAndIMatchADirectBilinearComputationAtOnePixel()
    {
        var s = Stars.Value[0];
        var c = new StarCutoutBuilder().Build("star", s.Ra, s.Dec, frames.G, frames.R, frames.I);
        const int col = 37, row = 91;
        foreach (var (band, frame) in new[] { (1, frames.R), (2, frames.I) })
        {
            // Pixel centre -> sky through g's WCS -> that frame's pixel through its WCS -> textbook bilinear weights.
            var (ra, dec) = frames.G.Wcs.PixelToWorld(c.OriginX + col, c.OriginY + row);
            var (x, y) = frame.Wcs.WorldToPixel(ra, dec);
            int x0 = (int)Math.Floor(x), y0 = (int)Math.Floor(y);
            double fx = x - x0, fy = y - y0;
            double expected = ((1 - fx) * (1 - fy) * frame[x0, y0]) + (fx * (1 - fy) * frame[x0 + 1, y0])
                + ((1 - fx) * fy * frame[x0, y0 + 1]) + (fx * fy * frame[x0 + 1, y0 + 1]);
            Assert.Equal(expected, c.Raw[(band * Plane) + (row * Size) + col], Math.Abs(expected) * 1e-5);
        }
    }

    [Fact]
    public void TheStarPeaksNearTheCentreInAllBandsAndBandsAreNormalised()
    {
        var builder = new StarCutoutBuilder();
        foreach (var s in Stars.Value)
        {
            var c = builder.Build("star", s.Ra, s.Dec, frames.G, frames.R, frames.I);
            double cx = c.X - c.OriginX, cy = c.Y - c.OriginY;
            Assert.InRange(cx, 63, 64);
            Assert.InRange(cy, 63, 64);
            for (int b = 0; b < 3; b++)
            {
                var band = c.Raw.AsSpan(b * Plane, Plane);
                int best = 0;
                for (int k = 1; k < Plane; k++)
                {
                    if (band[k] > band[best])
                        best = k;
                }

                // Search the central 21 x 21 pixels only: a brighter neighbour may sit elsewhere in the cut-out.
                int peak = CentralPeak(band);
                double px = peak % Size, py = peak / Size;
                Assert.True(Math.Abs(px - cx) <= 1.5 && Math.Abs(py - cy) <= 1.5, $"band {b}: peak at ({px}, {py}), star at ({cx:F2}, {cy:F2})");

                var norm = c.Normalised.AsSpan(b * Plane, Plane);
                Assert.Equal(0f, norm.ToArray().Min());
                Assert.Equal(1f, norm.ToArray().Max());
                Assert.Equal(1f, norm[best]);
            }
        }
    }

    private static int CentralPeak(ReadOnlySpan<float> band)
    {
        int best = (64 * Size) + 64;
        for (int y = 54; y <= 74; y++)
        {
            for (int x = 54; x <= 74; x++)
            {
                int k = (y * Size) + x;
                if (band[k] > band[best])
                    best = k;
            }
        }

        return best;
    }

    [Fact]
    public void StarNearTheGEdgeIsRefusedNamingStarAndFrame()
    {
        var (ra, dec) = frames.G.Wcs.PixelToWorld(30.2, 700.0);
        var ex = Assert.Throws<InvalidDataException>(() => new StarCutoutBuilder().Build("edge-star", ra, dec, frames.G, frames.R, frames.I));
        Assert.Contains("edge-star", ex.Message, StringComparison.Ordinal);
        Assert.Contains(frames.G.Source, ex.Message, StringComparison.Ordinal);
        Assert.Contains("within 64 pixels", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CutoutLeavingTheRFrameIsRefusedNamingIt()
    {
        // Rows of the r frame start about 9 g rows further down the sky, so a cut-out flush with g's top edge
        // (origin row 1) needs r rows above r's first row.
        var (ra, dec) = frames.G.Wcs.PixelToWorld(1000.0, 65.0);
        var ex = Assert.Throws<InvalidDataException>(() => new StarCutoutBuilder().Build("top-star", ra, dec, frames.G, frames.R, frames.I));
        Assert.Contains("top-star", ex.Message, StringComparison.Ordinal);
        Assert.Contains(frames.R.Source, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PadOptionFillsMissingPixelsWithTheBandMedian()
    {
        var (ra, dec) = frames.G.Wcs.PixelToWorld(30.2, 700.0);
        var c = new StarCutoutBuilder(new StarCutoutOptions { EdgePolicy = CutoutEdgePolicy.PadWithBandMedian })
            .Build("edge-star", ra, dec, frames.G, frames.R, frames.I);
        Assert.Equal(-33, c.OriginX);
        Assert.Equal(33 * Size, c.PaddedPixels[0]);
        Assert.True(c.PaddedPixels[1] > 0 && c.PaddedPixels[2] > 0);
        Assert.All(c.Raw, v => Assert.True(float.IsFinite(v)));

        // g: columns 0..32 are outside; they hold the median of the 95 x 128 in-frame pixels.
        var inFrame = new List<float>();
        for (int row = 0; row < Size; row++)
        {
            for (int col = 33; col < Size; col++)
            {
                Assert.Equal(frames.G[col - 33, c.OriginY + row], c.Raw[(row * Size) + col]);
                inFrame.Add(c.Raw[(row * Size) + col]);
            }
        }

        inFrame.Sort();
        float median = (float)((inFrame[(inFrame.Count / 2) - 1] + (double)inFrame[inFrame.Count / 2]) / 2);
        Assert.Equal(median, c.Raw[(5 * Size) + 3]);
        Assert.Equal(0f, c.Normalised.AsSpan(0, Plane).ToArray().Min());
    }

    [Fact]
    public void CacheOverloadGivesTheSameCutout()
    {
        var s = Stars.Value[1];
        var cache = new FrameCache(loader: path => path switch
        {
            "g" => frames.G,
            "r" => frames.R,
            _ => frames.I,
        });
        var builder = new StarCutoutBuilder();
        var viaCache = builder.Build("star", s.Ra, s.Dec, cache, "g", "r", "i");
        var direct = builder.Build("star", s.Ra, s.Dec, frames.G, frames.R, frames.I);
        Assert.Equal(direct.Raw, viaCache.Raw);
        Assert.Equal(3, cache.Loads);
    }
}
