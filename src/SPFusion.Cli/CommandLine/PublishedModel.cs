namespace SPFusion.Cli.CommandLine;

/// <summary>
/// <c>published</c> as a model or weights argument: the authors' weights that ship beside the tool
/// (build/PublishedWeights.props copies models/spfusion-published.onnx into every build and the packed tool).
/// </summary>
internal static class PublishedModel
{
    /// <summary>The word that names the shipped file.</summary>
    public const string Name = "published";

    /// <summary>The shipped file.</summary>
    public static string FilePath => Path.Combine(AppContext.BaseDirectory, "models", "spfusion-published.onnx");

    /// <summary><paramref name="value"/> itself, or the shipped file's path when it is <c>published</c>.</summary>
    public static string Resolve(string value) => value == Name ? FilePath : value;
}
