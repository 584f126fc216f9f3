using SPFusion.Transforms.Fits;
using SPFusion.Transforms.Wcs;

namespace SPFusion.Tests.Synthetic;

[Collection(SyntheticSurveyCollection.Name)]
public sealed class SyntheticFrameFileTests(SyntheticSurveyFixture survey)
{
    private const int Width = 2048, Height = 1489;

    [Fact]
    public void Frames_are_SDSS_layout_float32_nanomaggies_with_a_TAN_CD_WCS()
    {
        var star = survey.Summary.Stars[0];
        var angles = new List<double>();
        var crvals = new List<(double, double)>();
        foreach (string relative in star.FramePaths)
        {
            Assert.Matches(@"^frames/frame-[gri]-\d{6}-[1-6]-\d{4}\.fits\.bz2$", relative);
            using var file = FitsFile.Open(Path.Combine(survey.Root, relative));
            Assert.Equal(FitsCompression.BZip2, file.Compression);
            var image = file.GetImage(0);
            Assert.Equal(-32, image.Bitpix);
            Assert.Equal(new long[] { Width, Height }, image.Shape);
            var h = image.Header;
            Assert.Equal("nanomaggy", h.RequireString("BUNIT").Trim());
            Assert.Equal("RA---TAN", h.RequireString("CTYPE1").Trim());
            Assert.Equal("DEC--TAN", h.RequireString("CTYPE2").Trim());
            Assert.Equal("ICRS", h.RequireString("RADECSYS").Trim());
            Assert.Equal(2000.0, h.RequireDouble("EQUINOX"));
            Assert.Equal(relative[13].ToString(), h.RequireString("FILTER").Trim());
            // Read back through the package's WCS reader, which the Wcs tests check against astropy's values.
            var tan = TanWcs.FromHeader(h, relative);
            Assert.Null(tan.Sip);
            Assert.Equal(0.396, Math.Sqrt(Math.Abs((tan.Cd11 * tan.Cd22) - (tan.Cd12 * tan.Cd21))) * 3600, 3);
            angles.Add(Math.Atan2(tan.Cd21, -tan.Cd11) * 180 / Math.PI); // position angle of the detector x axis
            crvals.Add((h.RequireDouble("CRVAL1"), h.RequireDouble("CRVAL2")));
            Assert.Equal(new long[] { Width }, file.GetImage(1).Shape);
        }
        for (int b = 1; b < 3; b++)
        {
            double rot = Math.Abs(angles[b] - angles[0]);
            Assert.InRange(rot, 0.009, 0.051);
            Assert.NotEqual(crvals[0], crvals[b]);
        }
    }

    [Fact]
    public void Catalogue_positions_land_on_the_brightest_pixel_of_each_star_in_every_band()
    {
        var rows = SyntheticCatalogRow.ReadAll(survey.Summary.CatalogPath);
        for (int band = 0; band < 3; band++)
        {
            string relative = band switch { 0 => rows[0].G, 1 => rows[0].R, _ => rows[0].I };
            Assert.All(rows, r => Assert.Equal(relative, band switch { 0 => r.G, 1 => r.R, _ => r.I }));
            using var file = FitsFile.Open(Path.Combine(survey.Root, relative));
            var image = file.GetImage(0);
            var tan = TanWcs.FromHeader(image.Header, relative);
            float[] pixels = image.ReadFloat32();
            foreach (var row in rows)
            {
                var (x, y) = tan.WorldToPixel(row.Ra, row.Dec);
                if (x < 5 || y < 5 || x > Width - 6 || y > Height - 6) continue;
                int bx = -1, by = -1;
                float best = float.NegativeInfinity;
                for (int yy = (int)Math.Round(y) - 4; yy <= (int)Math.Round(y) + 4; yy++)
                {
                    for (int xx = (int)Math.Round(x) - 4; xx <= (int)Math.Round(x) + 4; xx++)
                    {
                        if (pixels[(yy * Width) + xx] > best)
                        {
                            best = pixels[(yy * Width) + xx];
                            bx = xx;
                            by = yy;
                        }
                    }
                }
                Assert.True(Math.Sqrt(((bx - x) * (bx - x)) + ((by - y) * (by - y))) <= 1.0,
                    $"band {band}, obsid {row.ObsId}: catalogue position ({x:F2}, {y:F2}), brightest pixel ({bx}, {by})");
                Assert.True(best > 1.0, $"band {band}, obsid {row.ObsId}: peak {best} nanomaggies is not a star");
            }
        }
    }

    [Fact]
    public void Stars_flagged_near_an_edge_are_within_64_pixels_of_one_and_the_others_are_not_in_any_band()
    {
        Assert.Contains(survey.Summary.Stars, s => s.NearEdge);
        Assert.Contains(survey.Summary.Stars, s => !s.NearEdge);
        var tans = survey.Summary.Stars[0].FramePaths.Select(p =>
        {
            using var file = FitsFile.Open(Path.Combine(survey.Root, p));
            return TanWcs.FromHeader(file.Primary.Header, p);
        }).ToList();
        foreach (var star in survey.Summary.Stars)
        {
            foreach (var tan in tans)
            {
                var (x, y) = tan.WorldToPixel(star.Ra, star.Dec);
                double edge = new[] { x, y, Width - 1 - x, Height - 1 - y }.Min();
                if (star.NearEdge) Assert.InRange(edge, 0, 64);
                else Assert.True(edge > 64, $"obsid {star.ObsId} is {edge:F1} px from an edge");
            }
        }
    }

    [Fact]
    public void Sky_is_near_zero_with_noise_like_real_frames()
    {
        using var file = FitsFile.Open(Path.Combine(survey.Root, survey.Summary.Stars[0].FramePaths[0]));
        float[] pixels = file.GetImage(0).ReadFloat32();
        var sample = Enumerable.Range(0, 20000).Select(i => (double)pixels[(int)((long)i * 7919 % pixels.Length)]).Order().ToArray();
        double median = sample[sample.Length / 2];
        double sigma = (sample[(int)(0.84 * sample.Length)] - sample[(int)(0.16 * sample.Length)]) / 2;
        Assert.InRange(median, -0.01, 0.01);
        Assert.InRange(sigma, 0.01, 0.025);
    }
}
