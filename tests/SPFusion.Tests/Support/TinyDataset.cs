using SPFusion.Transforms.Datasets;
using SPFusion.Transforms.Spectra;

namespace SPFusion.Tests.Support;

/// <summary>
/// A small dataset in the authors' layout written directly (no survey, no preparation): spectra on LAMOST's grid
/// cropped to 4000-9000 Angstrom as prepare writes them, random photometry, plausible labels.
/// </summary>
internal static class TinyDataset
{
    /// <summary>The cropped LAMOST grid prepare writes (3,522 pixels).</summary>
    public static double[] Wavelength()
    {
        var options = new SpectrumPreparationOptions();
        int first = LamostGrid.FirstIndexAtOrAbove(options.MinWavelength);
        int last = LamostGrid.LastIndexAtOrBelow(options.MaxWavelength);
        return Enumerable.Range(first, last - first + 1).Select(i => LamostGrid.Wavelength(i)).ToArray();
    }

    /// <summary>Writes <paramref name="count"/> stars (obsid 1..count) into <paramref name="directory"/>.</summary>
    public static string Write(string directory, int count, int seed = 1)
    {
        var rng = new Random(seed);
        var wavelength = Wavelength();
        var writer = new AuthorsDatasetWriter(directory);
        for (int s = 1; s <= count; s++)
        {
            var flux = wavelength.Select((w, k) => (float)(1 + (0.2 * Math.Sin((k / 37.0) + s)) + (0.01 * rng.NextDouble()))).ToArray();
            var image = new float[3 * 128 * 128];
            for (int k = 0; k < image.Length; k++)
                image[k] = (float)rng.NextDouble();
            writer.Add(new AuthorsLabel(s, 20 + s, 4800, 2.5, -0.1, 1.0 + (0.01 * s), 2.0 + (0.1 * s)), wavelength, flux, image);
        }
        writer.Complete();
        return directory;
    }
}
