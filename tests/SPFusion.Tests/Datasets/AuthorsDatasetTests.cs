using SPFusion.Tests.Support;
using SPFusion.Transforms.Datasets;
using SPFusion.Transforms.Images;
using SPFusion.Transforms.Spectra;

namespace SPFusion.Tests.Datasets;

public sealed class AuthorsDatasetTests : IDisposable
{
    private const int ImageLength = 3 * 128 * 128;
    private readonly TempFolder _temp = new("spf-authors");

    public void Dispose() => _temp.Dispose();

    private static float[] Photometry(int seed)
    {
        var rng = new Random(seed);
        var values = new float[ImageLength];
        for (int k = 0; k < values.Length; k++)
            values[k] = (float)((rng.NextDouble() * (k / 16384 + 1)) - 0.1);
        return values;
    }

    [Fact]
    public void RealSpectraRoundTripThroughTheLayoutToTheSameNetworkInput()
    {
        var prep = new SpectrumPreparation();
        var writer = new AuthorsDatasetWriter(_temp.Path);
        var expected = new Dictionary<long, (PreparedSpectrum Spectrum, float[] Image, AuthorsLabel Label)>();
        string[] files = ["3703110.fits", "3709013.fits", "3712166.fits"];
        for (int k = 0; k < files.Length; k++)
        {
            var s = LamostSpectrumReader.Read(TestPaths.DataFile("lamost", "dr10", files[k]));
            var p = prep.Prepare(s);
            var label = new AuthorsLabel(s.ObsId, s.SnrG, 4700 + k, 2.4, -0.1 * k, 1.1 + (0.1 * k), 3.5 - k);
            var image = Photometry(k);
            writer.Add(label, p.Wavelength, p.Flux, image);
            expected[s.ObsId] = (p, image, label);
        }

        writer.Complete();
        Assert.True(File.Exists(Path.Combine(_temp.Path, "spectrum", "3703110.npy")));
        Assert.True(File.Exists(Path.Combine(_temp.Path, "photometric", "3709013.npy")));

        var stored = NpyFile.Read(Path.Combine(_temp.Path, "spectrum", "3703110.npy"));
        Assert.Equal([2, 3522], stored.Shape);
        Assert.Equal((float)expected[3703110].Spectrum.Wavelength[0], stored.Single![0]);
        Assert.Equal(expected[3703110].Spectrum.Flux[0], stored.Single[3522]);
        Assert.Equal([3, 128, 128], NpyFile.Read(Path.Combine(_temp.Path, "photometric", "3703110.npy")).Shape);

        var reader = new AuthorsDatasetReader(_temp.Path);
        var stars = reader.ReadAll().ToList();
        Assert.Equal(["3703110", "3709013", "3712166"], stars.Select(x => x.ObsId));
        foreach (var star in stars)
        {
            var (p, image, label) = expected[long.Parse(star.ObsId, System.Globalization.CultureInfo.InvariantCulture)];
            Assert.Equal(p.Input, star.Spectrum);
            Assert.Equal(BandNormaliser.NormaliseBands(image, 3, "x"), star.Photometry);
            Assert.Equal((float)label.Mass, star.Mass);
            Assert.Equal((float)label.Age, star.Age);
            Assert.Equal((float)label.Snr, star.Snr);
            Assert.Equal((float)label.FeH, star.FeH);
        }

        Assert.Equal(expected.Values.Select(v => v.Label), reader.Labels);
    }

    [Fact]
    public void PhotometryIsNormalisedPerBand()
    {
        var writer = new AuthorsDatasetWriter(_temp.Path);
        var image = new float[ImageLength];
        for (int k = 0; k < ImageLength; k++)
            image[k] = (k / 16384 * 100) + (k % 16384 % 7);   // band b spans [100 b, 100 b + 6]
        // A spectrum must cover the crop on a real grid (a 2-sample one is refused on reading); flux rises from 0 to 3521.
        var wavelength = TinyDataset.Wavelength();
        writer.Add(new AuthorsLabel(7, 10, 4800, 2.5, 0, 1, 2), wavelength, wavelength.Select((_, k) => (float)k).ToArray(), image);
        writer.Complete();
        var star = new AuthorsDatasetReader(_temp.Path).ReadAll().Single();
        for (int b = 0; b < 3; b++)
        {
            Assert.Equal(0f, star.Photometry[b * 16384]);
            Assert.Equal(1f, star.Photometry[(b * 16384) + 6]);
            Assert.Equal(0.5f, star.Photometry[(b * 16384) + 3]);
        }

        // A 3522-sample spectrum pads with floor((3584 - 3522) / 2) = 31 zeros on the left.
        Assert.Equal(0f, star.Spectrum[30]);
        Assert.Equal(0f, star.Spectrum[31]);
        Assert.Equal(1f / 3521, star.Spectrum[32]);
        Assert.Equal(1f, star.Spectrum[31 + 3521]);
        Assert.Equal(0f, star.Spectrum[31 + 3522]);
        Assert.Equal(3584, star.Spectrum.Length);
    }

    [Fact]
    public void LabelTableErrorsNameFileLineAndColumn()
    {
        Directory.CreateDirectory(Path.Combine(_temp.Path, "label"));
        string path = Path.Combine(_temp.Path, "label", "label.csv");
        File.WriteAllText(path, "obsid,SNR,teff_K,logg_cm_s2,feh_dex,mass_Msun\n1,2,3,4,5,6\n");
        var ex = Assert.Throws<InvalidDataException>(() => new AuthorsDatasetReader(_temp.Path));
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("'age_Gyr'", ex.Message, StringComparison.Ordinal);

        File.WriteAllText(path, "obsid,SNR,teff_K,logg_cm_s2,feh_dex,mass_Msun,age_Gyr\n1,2,3,4,5,6,7\n2,2,3,x,5,6,7\n");
        ex = Assert.Throws<InvalidDataException>(() => new AuthorsDatasetReader(_temp.Path));
        Assert.Contains("line 3", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'logg_cm_s2'", ex.Message, StringComparison.Ordinal);

        File.WriteAllText(path, "age_Gyr,obsid,SNR,teff_K,logg_cm_s2,feh_dex,mass_Msun\n7,101001.0,2,3,4,5,6\n");
        var label = new AuthorsDatasetReader(_temp.Path).Labels.Single();
        Assert.Equal(new AuthorsLabel(101001, 2, 3, 4, 5, 6, 7), label);
    }

    [Fact]
    public void MissingOrMisshapenArraysAreNamed()
    {
        var writer = new AuthorsDatasetWriter(_temp.Path);
        var wavelength = TinyDataset.Wavelength();
        writer.Add(new AuthorsLabel(5, 10, 4800, 2.5, 0, 1, 2), wavelength, wavelength.Select((_, k) => (float)(k % 7)).ToArray(), Photometry(1));
        writer.Complete();
        var reader = new AuthorsDatasetReader(_temp.Path);

        string photometric = Path.Combine(_temp.Path, "photometric", "5.npy");
        NpyFile.Write(photometric, new float[3 * 64 * 64], 3, 64, 64);
        var ex = Assert.Throws<InvalidDataException>(() => reader.ReadAll().ToList());
        Assert.Contains(photometric, ex.Message, StringComparison.Ordinal);
        Assert.Contains("(3, 128, 128)", ex.Message, StringComparison.Ordinal);

        string spectrum = Path.Combine(_temp.Path, "spectrum", "5.npy");
        NpyFile.Write(spectrum, new float[6], 3, 2);
        ex = Assert.Throws<InvalidDataException>(() => reader.ReadAll().ToList());
        Assert.Contains(spectrum, ex.Message, StringComparison.Ordinal);

        File.Delete(spectrum);
        ex = Assert.Throws<InvalidDataException>(() => reader.ReadAll().ToList());
        Assert.Contains(spectrum, ex.Message, StringComparison.Ordinal);
        Assert.Contains("missing", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("two-pixels", "spans 4000-4001 Angstrom")]
    [InlineData("fifty-pixels", "50 wavelength samples in [4000, 9000] Angstrom; at least 1761")]
    [InlineData("nan", "wavelength sample 100 is NaN (non-finite)")]
    [InlineData("decreasing", "not strictly increasing at sample 2000")]
    [InlineData("shifted", "spans 4100")]
    public void SpectraThatCannotBeRealAreRefusedNamingTheFile(string kind, string expected)
    {
        var grid = TinyDataset.Wavelength();
        double[] wavelength = kind switch
        {
            "two-pixels" => [4000, 4001],
            "fifty-pixels" => Enumerable.Range(0, 50).Select(i => 4000 + (5000.0 * i / 49)).ToArray(),
            "nan" => grid.Select((w, k) => k == 100 ? double.NaN : w).ToArray(),
            "decreasing" => grid.Select((w, k) => k == 2000 ? grid[1998] : w).ToArray(),
            _ => grid.Select(w => w + 100).ToArray(),
        };
        var writer = new AuthorsDatasetWriter(_temp.Path);
        writer.Add(new AuthorsLabel(3, 10, 4800, 2.5, 0, 1, 2), wavelength, wavelength.Select((_, k) => (float)(k % 5)).ToArray(), Photometry(2));
        writer.Complete();
        string spectrum = Path.Combine(_temp.Path, "spectrum", "3.npy");
        var ex = Assert.Throws<InvalidDataException>(() => new AuthorsDatasetReader(_temp.Path).ReadAll().ToList());
        Assert.Contains(spectrum, ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WriterRefusesDuplicatesAndWrongSizes()
    {
        var writer = new AuthorsDatasetWriter(_temp.Path);
        var label = new AuthorsLabel(9, 10, 4800, 2.5, 0, 1, 2);
        writer.Add(label, new double[] { 1, 2 }, new float[] { 1, 2 }, Photometry(0));
        Assert.Throws<ArgumentException>(() => writer.Add(label, new double[] { 1, 2 }, new float[] { 1, 2 }, Photometry(0)));
        Assert.Throws<ArgumentException>(() => writer.Add(label with { ObsId = "10" }, new double[] { 1, 2 }, new float[] { 1, 2 }, new float[10]));
        Assert.Equal(1, writer.Count);
    }
}
