using Microsoft.ML;
using Microsoft.ML.Data;
using SPFusion.Tests.Support;
using SPFusion.Transforms.MLNet;
using SPFusion.Transforms.Spectra;

namespace SPFusion.Tests.MLNet;

public class SpectrumTransformsTests
{
    private sealed class PathRow
    {
        public string SpectrumPath { get; set; } = "";
    }

    private static string[] Dr10Files() =>
        Directory.GetFiles(Path.Combine(TestPaths.Data, "lamost", "dr10"), "*.fits").OrderBy(f => f, StringComparer.Ordinal).Take(4).ToArray();

    private static string[] AllLayouts() =>
    [
        TestPaths.DataFile("lamost", "spec-55859-F5902_sp01-001_dr7.fits.gz"),
        TestPaths.DataFile("lamost", "spec-55859-F5902_sp01-013_dr8.fits.gz"),
        .. Dr10Files(),
    ];

    [Fact]
    public void PrepareLamostSpectrumMatchesTheLibraryAndSurvivesSaveAndLoad()
    {
        var files = AllLayouts();
        var options = new SpectrumPreparationOptions { MinWavelength = 4100, MaxWavelength = 8900, BridgeBadPixels = true };
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(files.Select(f => new PathRow { SpectrumPath = f }));
        var model = ml.Transforms.PrepareLamostSpectrum(options: options).Fit(data);
        var spectra = model.Transform(data).GetColumn<float[]>("Spectrum").ToArray();
        var snr = model.Transform(data).GetColumn<float>("Snr").ToArray();

        var preparation = new SpectrumPreparation(options);
        for (int i = 0; i < files.Length; i++)
        {
            var raw = LamostSpectrumReader.Read(files[i]);
            Assert.Equal(preparation.Prepare(raw).Input, spectra[i]);
            Assert.Equal((float)raw.SnrG, snr[i]);
            Assert.Equal(3584, spectra[i].Length);
        }

        using var temp = new TempFolder("spfusion-spectrum");
        string zip = temp.File("spectrum.zip");
        ml.Model.Save(model, data.Schema, zip);
        var fresh = new MLContext(seed: 2);
        fresh.ComponentCatalog.RegisterAssembly(typeof(SurveyTransformsCatalog).Assembly);
        var loaded = fresh.Model.Load(zip, out _);
        var reloaded = loaded.Transform(fresh.Data.LoadFromEnumerable(files.Select(f => new PathRow { SpectrumPath = f })))
            .GetColumn<float[]>("Spectrum").ToArray();
        // Custom crop and bridging came back from the zip: outputs are identical, not just the defaults' outputs.
        Assert.Equal(spectra, reloaded);
        var defaults = new SpectrumPreparation().Prepare(LamostSpectrumReader.Read(files[0])).Input;
        Assert.NotEqual(defaults, reloaded[0]);

        var schema = loaded.GetOutputSchema(data.Schema);
        Assert.DoesNotContain(schema, c => c.Name.StartsWith("__spf_", StringComparison.Ordinal));
        Assert.Equal(3584, ((VectorDataViewType)schema["Spectrum"].Type).Size);
    }

    [Fact]
    public void LoadThenCropEqualsThePathRoute()
    {
        var files = Dr10Files();
        var ml = new MLContext();
        var data = ml.Data.LoadFromEnumerable(files.Select(f => new PathRow { SpectrumPath = f }));
        var twoStep = ml.Transforms.LoadLamostSpectrum().Append(ml.Transforms.CropAndNormalizeSpectrum()).Fit(data).Transform(data);
        var oneStep = ml.Transforms.PrepareLamostSpectrum().Fit(data).Transform(data);
        Assert.Equal(oneStep.GetColumn<float[]>("Spectrum").ToArray(), twoStep.GetColumn<float[]>("Spectrum").ToArray());
        Assert.Equal(oneStep.GetColumn<long>("ObsId").ToArray(), twoStep.GetColumn<long>("ObsId").ToArray());
        var wavelengths = twoStep.GetColumn<double[]>("Wavelength").ToArray();
        Assert.All(wavelengths, w => Assert.InRange(w.Length, 3902, 3909));
    }

    [Fact]
    public void ABrokenFileIsNamedInTheError()
    {
        using var temp = new TempFolder("spfusion-notfits");
        string bad = temp.File("notfits.fits");
        File.WriteAllText(bad, "SIMPLE  =                    T / this is not a complete FITS file");
        var ml = new MLContext();
        var data = ml.Data.LoadFromEnumerable(new[] { new PathRow { SpectrumPath = bad } });
        var view = ml.Transforms.PrepareLamostSpectrum().Fit(data).Transform(data);
        var ex = Assert.ThrowsAny<Exception>(() => view.GetColumn<float[]>("Spectrum").ToArray());
        var inner = ex is InvalidDataException ? ex : ex.InnerException ?? ex;
        Assert.Contains(Path.GetFileName(bad), inner.Message);
    }

    [Fact]
    public void WrongInputTypesNameTheColumn()
    {
        var ml = new MLContext();
        var data = ml.Data.LoadFromEnumerable(new[] { new { SpectrumPath = 3.0f } });
        var ex = Assert.Throws<ArgumentException>(() => ml.Transforms.PrepareLamostSpectrum().Fit(data));
        Assert.Contains("'SpectrumPath'", ex.Message);
        Assert.Contains("String", ex.Message);

        var arrays = ml.Data.LoadFromEnumerable(new[] { new { Wavelength = new float[] { 1, 2 }, Flux = new float[] { 1, 2 } } });
        var ex2 = Assert.Throws<ArgumentException>(() => ml.Transforms.CropAndNormalizeSpectrum().Fit(arrays));
        Assert.Contains("'Wavelength'", ex2.Message);
        Assert.Contains("Double", ex2.Message);
    }
}
