namespace SPFusion.Examples.QuickStart;

/// <summary>
/// Where the quick start's networks start: the authors' published weights (MIT) when found, since a few hundred stars
/// are far too few to train either network from scratch (the paper used 26,000 per fold).
/// </summary>
internal static class PublishedWeights
{
    public const string FileName = "spfusion-published.onnx";

    /// <summary>The file given with --initial-weights, else the release copied beside this program from models/; null with --from-scratch or when absent.</summary>
    public static string? Resolve(QuickStartOptions options)
    {
        if (options.FromScratch) return null;
        if (options.InitialWeights is { } given)
        {
            if (!File.Exists(given)) throw new FileNotFoundException($"--initial-weights {given}: no such file", given);
            return Path.GetFullPath(given);
        }
        // The build copies the repository's models/ copy beside this program (build/PublishedWeights.props).
        string shipped = Path.Combine(AppContext.BaseDirectory, "models", FileName);
        return File.Exists(shipped) ? shipped : null;
    }
}
