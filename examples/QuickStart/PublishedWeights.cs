namespace SPFusion.Examples.QuickStart;

/// <summary>
/// The starting weights: random by default (the quick start shows the trainer learning), or the authors' published
/// weights (MIT) with --initial-weights, for fine-tuning as one would reproduce the paper's numbers on real data.
/// </summary>
internal static class PublishedWeights
{
    public const string FileName = "spfusion-published.onnx";

    /// <summary>--initial-weights' value: "published" is the copy of models/ beside this program; null without the option.</summary>
    public static string? Resolve(QuickStartOptions options)
    {
        if (options.InitialWeights is not { } given) return null;
        // The build copies the repository's models/ copy beside this program (build/PublishedWeights.props).
        string path = given == "published" ? Path.Combine(AppContext.BaseDirectory, "models", FileName) : given;
        if (!File.Exists(path)) throw new FileNotFoundException($"--initial-weights {given}: no such file", path);
        return Path.GetFullPath(path);
    }
}
