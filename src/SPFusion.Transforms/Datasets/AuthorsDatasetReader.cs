using SPFusion.Transforms.Images;
using SPFusion.Transforms.Spectra;

namespace SPFusion.Transforms.Datasets;

/// <summary>
/// Reads a dataset in the SPFusion authors' layout and applies their loader's preparation: the spectrum .npy [2, n]
/// (wavelength row, flux row) has its flux min-max normalised and zero padded to 3584; the photometric .npy [3,128,128]
/// (raw) has each band min-max normalised. Stars are read lazily, one at a time, in label-table order.
/// </summary>
internal sealed class AuthorsDatasetReader
{
    /// <summary>Opens <paramref name="directory"/> and reads its label table.</summary>
    /// <exception cref="InvalidDataException">The label table is missing or malformed.</exception>
    public AuthorsDatasetReader(string directory, int spectrumLength = SPFusionShapes.SpectrumLength)
    {
        Directory = directory;
        SpectrumLength = spectrumLength;
        string labels = AuthorsDatasetLayout.LabelPath(directory);
        if (!File.Exists(labels))
            throw new InvalidDataException($"{directory}: not an SPFusion dataset: {labels} does not exist");
        Labels = LabelCsv.Read(labels);
    }

    /// <summary>The dataset folder.</summary>
    public string Directory { get; }

    /// <summary>Padded spectrum length (3584).</summary>
    public int SpectrumLength { get; }

    /// <summary>The label rows, in file order.</summary>
    public IReadOnlyList<AuthorsLabel> Labels { get; }

    /// <summary>Every star, read on enumeration.</summary>
    public IEnumerable<AuthorsStar> ReadAll()
    {
        foreach (var label in Labels)
            yield return Read(label);
    }

    /// <summary>Reads and prepares one star's files.</summary>
    /// <exception cref="InvalidDataException">A file is missing or has the wrong shape or values; names the file.</exception>
    public AuthorsStar Read(AuthorsLabel label)
    {
        ArgumentNullException.ThrowIfNull(label);
        string spectrumPath = AuthorsDatasetLayout.SpectrumPath(Directory, label.ObsId);
        string photometricPath = AuthorsDatasetLayout.PhotometricPath(Directory, label.ObsId);
        var spectrum = Load(spectrumPath, label.ObsId);
        if (spectrum.Shape.Length != 2 || spectrum.Shape[0] != 2)
            throw new InvalidDataException($"{spectrumPath}: spectrum array has shape ({string.Join(",", spectrum.Shape)}); expected (2, n): wavelength row then flux row");
        int n = spectrum.Shape[1];
        float[] values = spectrum.ToSingle();
        // The loader only reads the flux row; without this check a 2-pixel or NaN-wavelength "spectrum" would be padded
        // into a network input and predicted on.
        var wavelength = new double[n];
        for (int k = 0; k < n; k++)
            wavelength[k] = values[k];
        SpectrumSampling.CheckCropped(wavelength, Crop, spectrumPath);
        float[] input = SpectrumPadding.NormaliseAndPad(values.AsSpan(n, n), SpectrumLength, spectrumPath);

        var photometric = Load(photometricPath, label.ObsId);
        int[] expected = [SPFusionShapes.Bands, SPFusionShapes.ImageSize, SPFusionShapes.ImageSize];
        if (!photometric.Shape.AsSpan().SequenceEqual(expected))
            throw new InvalidDataException($"{photometricPath}: photometric array has shape ({string.Join(",", photometric.Shape)}); expected (3, 128, 128)");
        float[] image = BandNormaliser.NormaliseBands(photometric.ToSingle(), SPFusionShapes.Bands, photometricPath);

        return new AuthorsStar(label.ObsId, input, image, (float)label.Mass, (float)label.Age, (float)label.Snr,
            (float)label.TeffK, (float)label.Logg, (float)label.FeH);
    }

    // The authors' crop; the layout stores spectra cropped to it.
    private static readonly SpectrumPreparation Crop = new();

    private static NpyArray Load(string path, string obsId)
    {
        if (!File.Exists(path))
            throw new InvalidDataException($"{path}: missing; label.csv lists obsid {obsId}");
        return NpyFile.Read(path);
    }
}
