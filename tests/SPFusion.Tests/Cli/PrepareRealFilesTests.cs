using System.Globalization;
using SPFusion.Tests.Support;
using SPFusion.Tests.Wcs;
using SPFusion.Transforms.Datasets;
using SPFusion.Transforms.Images;
using SPFusion.Transforms.Spectra;

namespace SPFusion.Tests.Cli;

/// <summary>
/// `spfusion prepare` on a catalogue of real survey files: LAMOST DR7, DR9 and DR10 spectra paired with calibObj stars of
/// SDSS field 4510-4-30 and its g/r/i frames. The pairs are not the same stars (no shared file covers both surveys) and
/// the mass/age columns are test values: this checks the real-file path, not astrophysics.
/// </summary>
public class PrepareRealFilesTests
{
    [Fact]
    public void RealSpectraAndFramesBecomeTheAuthorsLayout()
    {
        string[] spectra =
        [
            TestPaths.DataFile("lamost", "spec-55859-F5902_sp01-001_dr7.fits.gz"),
            TestPaths.DataFile("lamost", "spec-55859-F5902_sp01-013_dr8.fits.gz"),
            .. Directory.GetFiles(Path.Combine(TestPaths.Data, "lamost", "dr10"), "*.fits").Order(StringComparer.Ordinal).Take(2),
        ];
        var stars = CalibObjStar.Field(30).Where(s => s.Colc[1] > 150 && s.Colc[1] < 1900 && s.Rowc[1] > 150 && s.Rowc[1] < 1340).Take(spectra.Length).ToList();
        string g = TestPaths.DataFile("sdss", "frame-g-004510-4-0030.fits.bz2");
        string r = TestPaths.DataFile("sdss", "frame-r-004510-4-0030.fits.bz2");
        string i = TestPaths.DataFile("sdss", "frame-i-004510-4-0030.fits.bz2");

        string work = Path.Combine(Path.GetTempPath(), $"spfusion-real-{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        string catalog = Path.Combine(work, "catalog.csv");
        var lines = new List<string> { "obsid,ra,dec,spectrum,g,r,i,mass,age" };
        for (int k = 0; k < spectra.Length; k++)
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{1000 + k},{stars[k].Ra:R},{stars[k].Dec:R},{spectra[k]},{g},{r},{i},{1.0 + 0.1 * k},{2.0 + k}"));
        File.WriteAllLines(catalog, lines);

        string output = Path.Combine(work, "dataset");
        var (code, stdout, stderr) = CliHarness.Run("prepare", "--catalog", catalog, "--out", output);
        Assert.True(code == 0, stderr);
        Assert.Contains($"prepared {spectra.Length} of {spectra.Length} stars", stdout);

        var labels = LabelCsv.Read(AuthorsDatasetLayout.LabelPath(output));
        var frames = new FrameCache(maxFrames: 3);
        for (int k = 0; k < spectra.Length; k++)
        {
            long id = 1000 + k;
            var raw = LamostSpectrumReader.Read(spectra[k]);
            var prepared = new SpectrumPreparation().Prepare(raw);
            var spectrum = NpyFile.Read(AuthorsDatasetLayout.SpectrumPath(output, id));
            Assert.Equal(new[] { 2, 3522 }, spectrum.Shape);
            Assert.Equal(prepared.Flux, spectrum.ToSingle().AsSpan(3522, 3522).ToArray());
            var label = labels.Single(l => l.ObsId == id);
            Assert.Equal(raw.SnrG, label.Snr, 1e-4); // no snr column: the header's SNRG
            Assert.Equal(1.0 + 0.1 * k, label.Mass, 1e-12);
            Assert.True(double.IsNaN(label.TeffK)); // not in the catalogue: NaN, not invented

            var cutout = new StarCutoutBuilder().Build("s", stars[k].Ra, stars[k].Dec, frames.Get(g), frames.Get(r), frames.Get(i));
            var photometric = NpyFile.Read(AuthorsDatasetLayout.PhotometricPath(output, id));
            Assert.Equal(new[] { 3, 128, 128 }, photometric.Shape);
            Assert.Equal(cutout.Raw, photometric.ToSingle());
        }

        // The written layout reads back as the network's inputs.
        var rows = new AuthorsDatasetReader(output).ReadAll().ToList();
        Assert.Equal(spectra.Length, rows.Count);
        Assert.All(rows, s => Assert.Equal(3584, s.Spectrum.Length));
    }
}
