using System.Globalization;
using SPFusion.Cli.CommandLine;
using SPFusion.ML.Network;

namespace SPFusion.Cli.Commands;

/// <summary><c>spfusion summary</c>: the layer table and parameter count of the published network or an ablation.</summary>
public sealed class SummaryCommand : ICliCommand
{
    /// <inheritdoc/>
    public string Name => "summary";

    /// <inheritdoc/>
    public string Summary => "layer table (output shape, parameters) of SPFusion, the ConvNeXt 1D baseline or an ablation";

    /// <inheritdoc/>
    public string Usage => """
        usage: spfusion summary [--model spfusion|convnext1d] [--no-star] [--star-kernel K] [--ffn-ratio R] [--heads H] [--metaformer-blocks B]
          --model               spfusion (default, the published network) or convnext1d (spectrum-only baseline)
          --no-star             additive fusion instead of the star operator (paper section 4.2.1)
          --star-kernel K       kernel of the star fusion convolutions (default 7)
          --ffn-ratio R         fusion block feed-forward ratio; the MetaFormer uses R/2 (default 4)
          --heads H             channel-attention heads, a divisor of 28 (default 1)
          --metaformer-blocks B MetaFormer blocks; only the last maps the length without residual (default 1)
        """;

    /// <inheritdoc/>
    public int Run(CliArguments args, TextWriter stdout, TextWriter stderr)
    {
        var options = ReadOptions(args);
        args.EnsureAllUsed();
        if (args.Positionals.Count > 0) throw new CliUsageException($"unexpected argument '{args.Positionals[0]}'");

        using var network = NetworkFactory.Create(options, seed: 0);
        var rows = NetworkSummary.Describe(network);
        long total = network.TrainableParameterCount();

        int nameWidth = Math.Max(5, rows.Max(r => r.Name.Length));
        stdout.WriteLine($"model: {Describe(options)}");
        stdout.WriteLine($"{"layer".PadRight(nameWidth)}  {"output (one sample)",-20} {"parameters",12}");
        foreach (var row in rows)
        {
            string shape = "[" + string.Join(", ", row.OutputShape) + "]";
            stdout.WriteLine($"{row.Name.PadRight(nameWidth)}  {shape,-20} {row.Parameters.ToString("N0", CultureInfo.InvariantCulture),12}");
        }
        stdout.WriteLine($"total parameters: {total.ToString(CultureInfo.InvariantCulture)}");
        return 0;
    }

    private static NetworkOptions ReadOptions(CliArguments args)
    {
        var options = NetworkOptions.Published;
        string? model = args.String("model");
        options = model switch
        {
            null or "spfusion" => options,
            "convnext1d" => options with { Variant = NetworkVariant.ConvNeXt1D },
            _ => throw new CliUsageException($"option --model expects spfusion or convnext1d, got '{model}'"),
        };
        var fusionOptions = new List<string>();
        if (args.Flag("no-star"))
        {
            options = options with { UseStarOperator = false };
            fusionOptions.Add("--no-star");
        }
        if (args.Int("star-kernel") is int k)
        {
            options = options with { StarFusionKernelSize = k };
            fusionOptions.Add("--star-kernel");
        }
        if (args.Int("ffn-ratio") is int r)
        {
            options = options with { FeedForwardExpansion = r };
            fusionOptions.Add("--ffn-ratio");
        }
        if (args.Int("heads") is int h)
        {
            options = options with { FusionHeads = h };
            fusionOptions.Add("--heads");
        }
        if (args.Int("metaformer-blocks") is int b)
        {
            options = options with { MetaFormerBlocks = b };
            fusionOptions.Add("--metaformer-blocks");
        }
        if (options.Variant == NetworkVariant.ConvNeXt1D && fusionOptions.Count > 0)
            throw new CliUsageException($"option {fusionOptions[0]} configures the fusion network and has no meaning with --model convnext1d");
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

    private static readonly Dictionary<string, string> OptionNames = new(StringComparer.Ordinal)
    {
        [nameof(NetworkOptions.StarFusionKernelSize)] = "--star-kernel",
        [nameof(NetworkOptions.FeedForwardExpansion)] = "--ffn-ratio",
        [nameof(NetworkOptions.FusionHeads)] = "--heads",
        [nameof(NetworkOptions.MetaFormerBlocks)] = "--metaformer-blocks",
    };

    private static string Describe(NetworkOptions o) => o.Variant == NetworkVariant.ConvNeXt1D
        ? "ConvNeXt 1D (spectrum only)"
        : $"SPFusion ({(o.UseStarOperator ? "star" : "additive")} fusion, star kernel {o.StarFusionKernelSize}, ffn ratio {o.FeedForwardExpansion}, "
          + $"{o.FusionHeads} head(s), {o.MetaFormerBlocks} MetaFormer block(s))";
}
