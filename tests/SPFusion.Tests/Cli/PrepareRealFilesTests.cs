using SPFusion.Tests.Support;
using SPFusion.Transforms.Datasets;
using SPFusion.Transforms.Images;
using SPFusion.Transforms.Spectra;

namespace SPFusion.Tests.Cli;

/// <summary>
/// `spfusion prepare` on a catalogue of real survey files (<see cref="RealSurveyCatalog"/>): LAMOST DR7, DR8 and DR10
/// spectra paired with calibObj stars of SDSS field 4510-4-30 and its g/r/i frames; every prepared array is compared with
/// the library's own readers.
/// </summary>
public class PrepareRealFilesTests
{
    [Fact]
    public void RealSpectraAndFramesBecomeTheAuthorsLayout()
    {
        using var temp = new TempFolder("spfusion-real");
        string work = temp.Path;
        var catalogFile = RealSurveyCatalog.Write(work, count: 4);
        string catalog = catalogFile.Path;
        string[] spectra = [.. catalogFile.Stars.Select(s => s.Spectrum)];
        string g = RealSurveyCatalog.FrameG, r = RealSurveyCatalog.FrameR, i = RealSurveyCatalog.FrameI;

        string output = Path.Combine(work, "dataset");
        var (code, stdout, stderr) = CliHarness.Run("prepare", "--catalog", catalog, "--out", output);
        Assert.True(code == 0, stderr);
        Assert.Contains($"prepared {spectra.Length} of {spectra.Length} stars", stdout);

        var labels = LabelCsv.Read(AuthorsDatasetLayout.LabelPath(output));
        var frames = new FrameCache(maxFrames: 3);
        for (int k = 0; k < spectra.Length; k++)
        {
            string id = (1000 + k).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var raw = LamostSpectrumReader.Read(spectra[k]);
            var prepared = new SpectrumPreparation().Prepare(raw);
            var spectrum = NpyFile.Read(AuthorsDatasetLayout.SpectrumPath(output, id));
            Assert.Equal(new[] { 2, 3522 }, spectrum.Shape);
            Assert.Equal(prepared.Flux, spectrum.ToSingle().AsSpan(3522, 3522).ToArray());
            var label = labels.Single(l => l.ObsId == id);
            Assert.Equal(raw.SnrG, label.Snr, 1e-4); // no snr column: the header's SNRG
            Assert.Equal(catalogFile.Stars[k].Mass, label.Mass, 1e-12);
            Assert.True(double.IsNaN(label.TeffK)); // not in the catalogue: NaN, not invented

            var cutout = new StarCutoutBuilder().Build("s", catalogFile.Stars[k].Ra, catalogFile.Stars[k].Dec, frames.Get(g), frames.Get(r), frames.Get(i));
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
