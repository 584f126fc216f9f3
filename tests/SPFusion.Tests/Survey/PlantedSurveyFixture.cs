using System.Globalization;
using SPFusion.ML.Network;
using SPFusion.ML.Onnx.Export;
using SPFusion.Synthetic;
using SPFusion.Tests.Support;
using SPFusion.Transforms.Fits;
using SPFusion.Transforms.Spectra;

namespace SPFusion.Tests.Survey;

/// <summary>
/// A survey catalogue with every status planted: the 30 stars of a small synthetic field (about a tenth near the frame
/// edge), then one row per problem, with absolute paths into a temp folder. Also a spectrum-only fallback model
/// (ConvNeXt 1D, random weights) as ONNX.
/// </summary>
public sealed class PlantedSurveyFixture : IDisposable
{
    public const int SurveyStars = 24;

    private readonly TempFolder _temp = new("spfusion-planted");

    public PlantedSurveyFixture()
    {
        string root = _temp.File("survey");
        Summary = SyntheticSurvey.Generate(new SyntheticSurveyOptions
        {
            OutputDirectory = root,
            StarCount = SurveyStars,
            Seed = 23,
            StarsPerField = 12,
            EdgeFraction = 0.1,
            BackgroundSourcesPerField = 2,
        });
        var lines = File.ReadAllLines(Summary.CatalogPath);
        Header = lines[0];
        var rows = lines.Skip(1).Select(l => Absolute(root, l)).ToList();
        string first = rows.First(r => !IsEdge(r));
        var f = first.Split(',');

        string truncatedSpectrum = _temp.File("truncated-spectrum.fits.gz");
        var spectrumBytes = File.ReadAllBytes(f[3]);
        File.WriteAllBytes(truncatedSpectrum, spectrumBytes[..(spectrumBytes.Length / 2)]);

        string nanSpectrum = _temp.File("nan-spectrum.fits");
        var s = LamostSpectrumReader.Read(f[3]);
        var flux = (float[])s.Flux.Clone();
        flux[flux.Length / 2] = float.NaN;
        LamostSpectrumWriter.WriteDr10(nanSpectrum, [FitsCard.Create("OBSID", 990000001L), FitsCard.Create("SNRG", 30.0)], flux, s.Ivar,
            s.Wavelength.Select(w => (float)w).ToArray(), s.AndMask.Select(m => (float)m).ToArray(), s.OrMask.Select(m => (float)m).ToArray(),
            Enumerable.Repeat(1f, flux.Length).ToArray());

        // A plain copy of a good spectrum whose last block lost its padding: complete data, a short file.
        string shortBlock = _temp.File("short-block-spectrum.fits");
        using (var gz = new System.IO.Compression.GZipStream(File.OpenRead(f[3]), System.IO.Compression.CompressionMode.Decompress))
        using (var plain = File.Create(shortBlock))
            gz.CopyTo(plain);
        long dataEnd;
        using (var fits = FitsFile.Open(shortBlock))
            dataEnd = fits.Hdus.Max(h => h.DataOffset + h.DataLength);
        if (dataEnd % 2880 == 0) throw new InvalidOperationException("the spectrum's data fills its last block; no padding to cut");
        using (var cut = File.OpenWrite(shortBlock))
            cut.SetLength(dataEnd);

        string truncatedFrame = _temp.File("frame-g-truncated.fits.bz2");
        var frameBytes = File.ReadAllBytes(f[4]);
        File.WriteAllBytes(truncatedFrame, frameBytes[..(frameBytes.Length / 2)]);

        string Row(string obsid, string? ra = null, string? dec = null, string? spectrum = null, string? g = null, string? r = null, string? i = null)
        {
            var x = (string[])f.Clone();
            x[0] = obsid;
            x[1] = ra ?? x[1];
            x[2] = dec ?? x[2];
            x[3] = spectrum ?? x[3];
            x[4] = g ?? x[4];
            x[5] = r ?? x[5];
            x[6] = i ?? x[6];
            return string.Join(',', x);
        }

        double ra0 = double.Parse(f[1], CultureInfo.InvariantCulture);
        Planted = new Dictionary<string, string>
        {
            ["p-missing-spectrum"] = Row("p-missing-spectrum", spectrum: _temp.File("no-such-spectrum.fits")),
            ["p-truncated-spectrum"] = Row("p-truncated-spectrum", spectrum: truncatedSpectrum),
            ["p-nan-spectrum"] = Row("p-nan-spectrum", spectrum: nanSpectrum),
            ["p-truncated-frame"] = Row("p-truncated-frame", g: truncatedFrame),
            ["p-outside"] = Row("p-outside", ra: (ra0 + 3).ToString("R", CultureInfo.InvariantCulture)),
            ["p-no-coordinates"] = Row("p-no-coordinates", ra: ""),
            ["p-no-frames"] = Row("p-no-frames", g: "", r: "", i: ""),
            ["p-missing-frame"] = Row("p-missing-frame", i: _temp.File("no-such-frame.fits.bz2")),
            ["p-short-block"] = Row("p-short-block", spectrum: shortBlock),
        };
        var all = new List<string> { Header };
        all.AddRange(rows.Take(rows.Count / 2));
        all.AddRange(Planted.Values);
        all.AddRange(rows.Skip(rows.Count / 2));
        CatalogPath = _temp.File("planted.csv");
        File.WriteAllLines(CatalogPath, all);
        EdgeObsIds = rows.Where(IsEdge).Select(r => r.Split(',')[0]).ToHashSet();
        OkObsIds = rows.Where(r => !IsEdge(r)).Select(r => r.Split(',')[0]).ToHashSet();

        using var fallback = NetworkFactory.Create(NetworkOptions.Published with { Variant = NetworkVariant.ConvNeXt1D }, 5);
        FallbackPath = _temp.File("fallback.onnx");
        OnnxExporter.Export(fallback, FallbackPath);
        bool IsEdge(string row) => Summary.Stars.Single(st => st.ObsId.ToString(CultureInfo.InvariantCulture) == row.Split(',')[0]).NearEdge;
    }

    public SyntheticSurveySummary Summary { get; }

    public string Header { get; }

    /// <summary>The planted rows by obsid.</summary>
    public IReadOnlyDictionary<string, string> Planted { get; }

    public string CatalogPath { get; }

    public string FallbackPath { get; }

    public IReadOnlySet<string> EdgeObsIds { get; }

    public IReadOnlySet<string> OkObsIds { get; }

    private static string Absolute(string root, string line)
    {
        var x = line.Split(',');
        for (int k = 3; k <= 6; k++) x[k] = Path.GetFullPath(Path.Combine(root, x[k]));
        return string.Join(',', x);
    }

    public void Dispose() => _temp.Dispose();
}

[CollectionDefinition(Name)]
public sealed class PlantedSurveyCollection : ICollectionFixture<PlantedSurveyFixture>
{
    public const string Name = "planted survey";
}
