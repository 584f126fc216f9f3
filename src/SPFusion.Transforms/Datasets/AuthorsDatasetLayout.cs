namespace SPFusion.Transforms.Datasets;

/// <summary>File names of the authors' dataset layout: DIR/spectrum/&lt;obsid&gt;.npy, DIR/photometric/&lt;obsid&gt;.npy, DIR/label/label.csv.</summary>
internal static class AuthorsDatasetLayout
{
    /// <summary>The spectrum file of a star.</summary>
    /// <exception cref="ArgumentException">The id cannot name a file (<see cref="StarId.FileNameProblem"/>).</exception>
    public static string SpectrumPath(string directory, string obsId) =>
        Path.Combine(directory, "spectrum", FileName(obsId));

    /// <summary>The photometric file of a star.</summary>
    /// <exception cref="ArgumentException">The id cannot name a file (<see cref="StarId.FileNameProblem"/>).</exception>
    public static string PhotometricPath(string directory, string obsId) =>
        Path.Combine(directory, "photometric", FileName(obsId));

    /// <summary>The label table.</summary>
    public static string LabelPath(string directory) => Path.Combine(directory, "label", "label.csv");

    // Readers check ids where they read them (naming file and line); this is the last line of defence for callers.
    private static string FileName(string obsId)
    {
        ArgumentNullException.ThrowIfNull(obsId);
        string? problem = StarId.FileNameProblem(obsId);
        if (problem is not null)
            throw new ArgumentException($"obsid '{UserText.Clip(obsId, 80).ReplaceLineEndings(" ")}' cannot name the star's files: {problem}", nameof(obsId));
        return obsId + ".npy";
    }
}
