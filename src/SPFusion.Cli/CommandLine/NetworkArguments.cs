using System.CommandLine;
using SPFusion.ML.Network;

namespace SPFusion.Cli.CommandLine;

/// <summary>The network variant and ablation flags shared by <c>summary</c>, <c>export-onnx</c>, <c>train</c> and <c>cv</c>.</summary>
internal sealed class NetworkArguments
{
    /// <summary>The options, in help order.</summary>
    public IEnumerable<Symbol> Symbols => [_model, _headWidth, _noStar, _starKernel, _ffnRatio, _heads, _metaFormerBlocks, _predictVariance];

    private readonly Option<NetworkVariant?> _model = CliOptions.Choice("--model",
        "spfusion (default, the published network); convnext1d (SPFusion's spectral branch alone, which the published weights " +
        "can start); the paper's comparison networks as the authors' group publishes them: convnext1d-paper (the paper's " +
        "ConvNeXt 1D), racnet, sscnn (spectrum only), resnet10t (images only)",
        NetworkVariants.All.Select(v => (NetworkVariants.CliName(v), v)).ToArray());

    private readonly Option<int?> _headWidth = CliOptions.Int("--head-width",
        "hidden width of the two-layer head: sscnn (default 88, the paper's 0.75 M; 1024 in the group's code) or resnet10t (default 48)", min: 1);

    private readonly Option<bool> _noStar = CliOptions.Flag("--no-star", "additive fusion instead of the star operator (paper section 4.2.1)");

    private readonly Option<int?> _starKernel = CliOptions.Int("--star-kernel", "kernel of the star fusion convolutions (default 7)");

    private readonly Option<int?> _ffnRatio = CliOptions.Int("--ffn-ratio", "fusion block feed-forward ratio; the MetaFormer uses R/2 (default 4)");

    private readonly Option<int?> _heads = CliOptions.Int("--heads", "channel-attention heads, a divisor of 28 (default 1)");

    private readonly Option<int?> _metaFormerBlocks = CliOptions.Int("--metaformer-blocks", "MetaFormer blocks; only the last maps the length without residual (default 1)");

    private readonly Option<bool> _predictVariance = CliOptions.Flag("--predict-variance",
        "heteroscedastic head: a second output layer predicts each star's variance of mass and age, trained under a Gaussian " +
        "likelihood; the model then gives predicted_sigma and mass_sigma, age_sigma");

    private static readonly Dictionary<string, string> OptionNames = new(StringComparer.Ordinal)
    {
        [nameof(NetworkOptions.StarFusionKernelSize)] = "--star-kernel",
        [nameof(NetworkOptions.FeedForwardExpansion)] = "--ffn-ratio",
        [nameof(NetworkOptions.FusionHeads)] = "--heads",
        [nameof(NetworkOptions.MetaFormerBlocks)] = "--metaformer-blocks",
    };

    /// <summary>Reads the flags onto the published configuration; <paramref name="anyGiven"/> tells whether any flag was present.</summary>
    public NetworkOptions Read(ParseResult args, out bool anyGiven)
    {
        var model = args.GetValue(_model);
        var options = model is { } variant ? NetworkOptions.Published with { Variant = variant } : NetworkOptions.Published;
        int? headWidth = args.GetValue(_headWidth);
        if (headWidth is int w)
        {
            options = options.Variant switch
            {
                NetworkVariant.Sscnn => options with { SscnnHiddenWidth = w },
                NetworkVariant.ResNet10T => options with { ResNet10THeadWidth = w },
                _ => throw new CliUsageException($"option --head-width applies to --model sscnn or resnet10t, not {NetworkVariants.CliName(options.Variant)}"),
            };
        }
        var fusionFlags = new List<string>();
        if (args.GetValue(_noStar))
        {
            options = options with { UseStarOperator = false };
            fusionFlags.Add("--no-star");
        }
        if (args.GetValue(_starKernel) is int k)
        {
            options = options with { StarFusionKernelSize = k };
            fusionFlags.Add("--star-kernel");
        }
        if (args.GetValue(_ffnRatio) is int r)
        {
            options = options with { FeedForwardExpansion = r };
            fusionFlags.Add("--ffn-ratio");
        }
        if (args.GetValue(_heads) is int h)
        {
            options = options with { FusionHeads = h };
            fusionFlags.Add("--heads");
        }
        if (args.GetValue(_metaFormerBlocks) is int b)
        {
            options = options with { MetaFormerBlocks = b };
            fusionFlags.Add("--metaformer-blocks");
        }
        if (args.GetValue(_predictVariance))
        {
            options = options with { PredictVariance = true };
            fusionFlags.Add("--predict-variance");
        }
        anyGiven = model is not null || headWidth is not null || fusionFlags.Count > 0;
        if (options.Variant != NetworkVariant.SPFusion && fusionFlags.Count > 0)
            throw new CliUsageException($"option {fusionFlags[0]} configures the fusion network and has no meaning with --model {NetworkVariants.CliName(options.Variant)}");
        try
        {
            options.Validate();
        }
        catch (ArgumentOutOfRangeException ex)
        {
            string option = OptionNames.GetValueOrDefault(ex.ParamName ?? "", ex.ParamName ?? "?");
            throw new CliUsageException($"option {option}: {ex.Message.Split('\n')[0].Split(" (Parameter")[0]}");
        }
        return options;
    }
}
