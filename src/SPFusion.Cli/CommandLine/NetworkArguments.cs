using SPFusion.ML.Network;

namespace SPFusion.Cli.CommandLine;

/// <summary>The network variant and ablation flags shared by <c>summary</c>, <c>export-onnx</c>, <c>train</c> and <c>cv</c>.</summary>
internal static class NetworkArguments
{
    public const string Usage =
        "  --model M             spfusion (default, the published network) or convnext1d (spectrum-only baseline)\n" +
        "  --no-star             additive fusion instead of the star operator (paper section 4.2.1)\n" +
        "  --star-kernel K       kernel of the star fusion convolutions (default 7)\n" +
        "  --ffn-ratio R         fusion block feed-forward ratio; the MetaFormer uses R/2 (default 4)\n" +
        "  --heads H             channel-attention heads, a divisor of 28 (default 1)\n" +
        "  --metaformer-blocks B MetaFormer blocks; only the last maps the length without residual (default 1)";

    private static readonly Dictionary<string, string> OptionNames = new(StringComparer.Ordinal)
    {
        [nameof(NetworkOptions.StarFusionKernelSize)] = "--star-kernel",
        [nameof(NetworkOptions.FeedForwardExpansion)] = "--ffn-ratio",
        [nameof(NetworkOptions.FusionHeads)] = "--heads",
        [nameof(NetworkOptions.MetaFormerBlocks)] = "--metaformer-blocks",
    };

    /// <summary>Reads the flags onto the published configuration; <paramref name="anyGiven"/> tells whether any flag was present.</summary>
    public static NetworkOptions Read(CliArguments args, out bool anyGiven)
    {
        string? model = args.String("model");
        var options = model switch
        {
            null or "spfusion" => NetworkOptions.Published,
            "convnext1d" => NetworkOptions.Published with { Variant = NetworkVariant.ConvNeXt1D },
            _ => throw new CliUsageException($"option --model expects spfusion or convnext1d, got '{model}'"),
        };
        var fusionFlags = new List<string>();
        if (args.Flag("no-star"))
        {
            options = options with { UseStarOperator = false };
            fusionFlags.Add("--no-star");
        }
        if (args.Int("star-kernel") is int k)
        {
            options = options with { StarFusionKernelSize = k };
            fusionFlags.Add("--star-kernel");
        }
        if (args.Int("ffn-ratio") is int r)
        {
            options = options with { FeedForwardExpansion = r };
            fusionFlags.Add("--ffn-ratio");
        }
        if (args.Int("heads") is int h)
        {
            options = options with { FusionHeads = h };
            fusionFlags.Add("--heads");
        }
        if (args.Int("metaformer-blocks") is int b)
        {
            options = options with { MetaFormerBlocks = b };
            fusionFlags.Add("--metaformer-blocks");
        }
        anyGiven = model is not null || fusionFlags.Count > 0;
        if (options.Variant == NetworkVariant.ConvNeXt1D && fusionFlags.Count > 0)
            throw new CliUsageException($"option {fusionFlags[0]} configures the fusion network and has no meaning with --model convnext1d");
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
