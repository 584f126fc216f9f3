using System.Globalization;

namespace SPFusion.Transforms.Datasets;

/// <summary>File names of the authors' dataset layout: DIR/spectrum/&lt;obsid&gt;.npy, DIR/photometric/&lt;obsid&gt;.npy, DIR/label/label.csv.</summary>
internal static class AuthorsDatasetLayout
{
    /// <summary>The spectrum file of a star.</summary>
    public static string SpectrumPath(string directory, long obsId) =>
        Path.Combine(directory, "spectrum", obsId.ToString(CultureInfo.InvariantCulture) + ".npy");

    /// <summary>The photometric file of a star.</summary>
    public static string PhotometricPath(string directory, long obsId) =>
        Path.Combine(directory, "photometric", obsId.ToString(CultureInfo.InvariantCulture) + ".npy");

    /// <summary>The label table.</summary>
    public static string LabelPath(string directory) => Path.Combine(directory, "label", "label.csv");
}
