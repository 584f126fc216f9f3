using Microsoft.ML;
using Microsoft.ML.Data;
using SPFusion.Tests.Images;
using SPFusion.Tests.Support;
using SPFusion.Tests.Wcs;
using SPFusion.Transforms.Images;
using SPFusion.Transforms.MLNet;

namespace SPFusion.Tests.MLNet;

public class AlignImageBandsTransformTests(Field4510Frames frames) : IClassFixture<Field4510Frames>
{
    private sealed class StarInput
    {
        public string FrameG { get; set; } = "";
        public string FrameR { get; set; } = "";
        public string FrameI { get; set; } = "";
        public double Ra { get; set; }
        public float Dec { get; set; } // float on purpose: the transform converts numeric types
    }

    private static StarInput Row(double ra, double dec) => new()
    {
        FrameG = TestPaths.DataFile("sdss", "frame-g-004510-4-0030.fits.bz2"),
        FrameR = TestPaths.DataFile("sdss", "frame-r-004510-4-0030.fits.bz2"),
        FrameI = TestPaths.DataFile("sdss", "frame-i-004510-4-0030.fits.bz2"),
        Ra = ra,
        Dec = (float)dec,
    };

    private static List<StarInput> CatalogueStars() =>
        CalibObjStar.Field(30).Where(s => s.Colc[1] > 150 && s.Colc[1] < 1900 && s.Rowc[1] > 150 && s.Rowc[1] < 1340)
            .Take(3).Select(s => Row(s.Ra, s.Dec)).ToList();

    [Fact]
    public void MatchesTheLibraryAndReloadsWithItsOptions()
    {
        var stars = CatalogueStars();
        // An edge star as well, so the non-default pad policy must survive the zip to give the same output.
        var (edgeRa, edgeDec) = frames.G.Wcs.PixelToWorld(30.2, 700.0);
        stars.Add(Row(edgeRa, edgeDec));
        var options = new ImageBandOptions { EdgePolicy = CutoutEdgePolicy.PadWithBandMedian, Normalize = false };

        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(stars);
        var model = ml.Transforms.AlignImageBands(options: options).Fit(data);
        var cutouts = model.Transform(data).GetColumn<float[]>("Photometry").ToArray();

        var builder = new StarCutoutBuilder(new StarCutoutOptions { EdgePolicy = CutoutEdgePolicy.PadWithBandMedian });
        for (int k = 0; k < stars.Count; k++)
        {
            var expected = builder.Build("s", stars[k].Ra, stars[k].Dec, frames.G, frames.R, frames.I);
            Assert.Equal(expected.Raw, cutouts[k]);
        }

        using var temp = new TempFolder("spfusion-align");
        string zip = temp.File("align.zip");
        ml.Model.Save(model, data.Schema, zip);
        var fresh = new MLContext(seed: 2);
        fresh.ComponentCatalog.RegisterAssembly(typeof(SurveyTransformsCatalog).Assembly);
        var loaded = fresh.Model.Load(zip, out _);
        var reloaded = loaded.Transform(fresh.Data.LoadFromEnumerable(stars)).GetColumn<float[]>("Photometry").ToArray();
        Assert.Equal(cutouts, reloaded);
        Assert.Equal(3 * 128 * 128, ((VectorDataViewType)loaded.GetOutputSchema(data.Schema)["Photometry"].Type).Size);
    }

    [Fact]
    public void NormalisedBandsSpanZeroToOne()
    {
        var ml = new MLContext();
        var data = ml.Data.LoadFromEnumerable(CatalogueStars().Take(1));
        var cutout = ml.Transforms.AlignImageBands().Fit(data).Transform(data).GetColumn<float[]>("Photometry").Single();
        for (int b = 0; b < 3; b++)
        {
            var band = cutout.AsSpan(b * 128 * 128, 128 * 128).ToArray();
            Assert.Equal(0f, band.Min());
            Assert.Equal(1f, band.Max());
        }
    }

    [Fact]
    public void AnEdgeStarFailsByDefaultNamingStarAndFrame()
    {
        var (ra, dec) = frames.G.Wcs.PixelToWorld(30.2, 700.0);
        var ml = new MLContext();
        var data = ml.Data.LoadFromEnumerable(new[] { Row(ra, dec) });
        var view = ml.Transforms.AlignImageBands().Fit(data).Transform(data);
        var ex = Assert.ThrowsAny<Exception>(() => view.GetColumn<float[]>("Photometry").ToArray());
        var inner = ex as InvalidDataException ?? ex.InnerException as InvalidDataException;
        Assert.NotNull(inner);
        Assert.Contains("frame-g-004510-4-0030", inner.Message);
        Assert.Contains("RA", inner.Message);
    }

    [Fact]
    public void AMissingColumnIsNamed()
    {
        var ml = new MLContext();
        var data = ml.Data.LoadFromEnumerable(new[] { new { FrameG = "g", FrameR = "r", Ra = 1.0, Dec = 1.0 } });
        var ex = Assert.Throws<ArgumentException>(() => ml.Transforms.AlignImageBands().Fit(data));
        Assert.Contains("'FrameI'", ex.Message);
    }
}
