namespace SPFusion.ML.Network;

/// <summary>What each <see cref="NetworkVariant"/> reads and how the CLI and reports name it: the one place that knows.</summary>
internal static class NetworkVariants
{
    /// <summary>Every variant, in the order the CLI lists them.</summary>
    public static IReadOnlyList<NetworkVariant> All { get; } = Enum.GetValues<NetworkVariant>();

    /// <summary>True when the network reads the spectrum (every variant but the image-only ResNet10-T).</summary>
    public static bool UsesSpectrum(NetworkVariant variant) => variant != NetworkVariant.ResNet10T;

    /// <summary>True when the network reads the photometric cut-outs (SPFusion and ResNet10-T).</summary>
    public static bool UsesPhotometry(NetworkVariant variant) => variant is NetworkVariant.SPFusion or NetworkVariant.ResNet10T;

    /// <summary>The <c>--model</c> word (also the exported graph's name).</summary>
    public static string CliName(NetworkVariant variant) => variant switch
    {
        NetworkVariant.SPFusion => "spfusion",
        NetworkVariant.ConvNeXt1D => "convnext1d",
        NetworkVariant.ConvNeXt1DPaper => "convnext1d-paper",
        NetworkVariant.RacNet => "racnet",
        NetworkVariant.Sscnn => "sscnn",
        NetworkVariant.ResNet10T => "resnet10t",
        _ => throw new ArgumentOutOfRangeException(nameof(variant), variant, "unknown network variant"),
    };

    /// <summary>A one-line description for help texts and summaries.</summary>
    public static string Describe(NetworkVariant variant) => variant switch
    {
        NetworkVariant.SPFusion => "SPFusion (spectrum and photometry, the published network)",
        NetworkVariant.ConvNeXt1D => "SPFusion's spectral branch alone (ConvNeXt 1D extractor + convolutional head; spectrum only)",
        NetworkVariant.ConvNeXt1DPaper => "ConvNeXt 1D as the paper's authors' group publishes it (spectrum only)",
        NetworkVariant.RacNet => "RAC-Net (spectrum only)",
        NetworkVariant.Sscnn => "SSCNN (spectrum only)",
        NetworkVariant.ResNet10T => "ResNet10-T with a two-layer head (photometry only)",
        _ => throw new ArgumentOutOfRangeException(nameof(variant), variant, "unknown network variant"),
    };
}
