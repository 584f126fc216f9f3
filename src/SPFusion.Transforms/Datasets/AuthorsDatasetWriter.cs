namespace SPFusion.Transforms.Datasets;

/// <summary>
/// Writes stars in the authors' layout so datasets prepared here load in their release: spectrum .npy float32 [2, n]
/// (cropped wavelength and flux, not normalised), photometric .npy float32 [3,128,128] (raw nanomaggies) and
/// label/label.csv. Arrays are written as stars are added; the label table is written by <see cref="Complete"/>.
/// </summary>
internal sealed class AuthorsDatasetWriter
{
    private readonly List<AuthorsLabel> _labels = [];
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private bool _completed;

    /// <summary>Creates the layout's folders under <paramref name="directory"/>.</summary>
    public AuthorsDatasetWriter(string directory)
    {
        Directory = directory;
        System.IO.Directory.CreateDirectory(Path.Combine(directory, "spectrum"));
        System.IO.Directory.CreateDirectory(Path.Combine(directory, "photometric"));
        System.IO.Directory.CreateDirectory(Path.Combine(directory, "label"));
    }

    /// <summary>The dataset folder.</summary>
    public string Directory { get; }

    /// <summary>Stars added so far.</summary>
    public int Count => _labels.Count;

    /// <summary>Writes one star's arrays and remembers its labels.</summary>
    /// <param name="label">The star's label row (its ObsId names the files).</param>
    /// <param name="wavelength">Cropped wavelengths, Angstrom.</param>
    /// <param name="flux">Cropped flux, not normalised (same length).</param>
    /// <param name="photometry">Raw g, r, i cut-out, band-major, 3 x 128 x 128 values.</param>
    public void Add(AuthorsLabel label, ReadOnlySpan<double> wavelength, ReadOnlySpan<float> flux, ReadOnlySpan<float> photometry)
    {
        ArgumentNullException.ThrowIfNull(label);
        if (_completed)
            throw new InvalidOperationException("the dataset was completed; create a new writer to add stars");
        if (wavelength.Length != flux.Length || flux.Length == 0)
            throw new ArgumentException($"obsid {label.ObsId}: {wavelength.Length} wavelengths and {flux.Length} flux values", nameof(flux));
        const int imageLength = SPFusionShapes.Bands * SPFusionShapes.ImageSize * SPFusionShapes.ImageSize;
        if (photometry.Length != imageLength)
            throw new ArgumentException($"obsid {label.ObsId}: photometry holds {photometry.Length} values, expected 3 x 128 x 128 = {imageLength}", nameof(photometry));
        if (!_ids.Add(label.ObsId))
            throw new ArgumentException($"obsid {label.ObsId} was already added", nameof(label));

        int n = flux.Length;
        var spectrum = new float[2 * n];
        for (int k = 0; k < n; k++)
            spectrum[k] = (float)wavelength[k];
        flux.CopyTo(spectrum.AsSpan(n));
        NpyFile.Write(AuthorsDatasetLayout.SpectrumPath(Directory, label.ObsId), spectrum, 2, n);
        NpyFile.Write(AuthorsDatasetLayout.PhotometricPath(Directory, label.ObsId), photometry,
            SPFusionShapes.Bands, SPFusionShapes.ImageSize, SPFusionShapes.ImageSize);
        _labels.Add(label);
    }

    /// <summary>Writes label/label.csv with every added star, in the order added.</summary>
    public void Complete()
    {
        LabelCsv.Write(AuthorsDatasetLayout.LabelPath(Directory), _labels);
        _completed = true;
    }
}
