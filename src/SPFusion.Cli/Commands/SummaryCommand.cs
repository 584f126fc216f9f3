using System.CommandLine;
using System.Globalization;
using SPFusion.Cli.CommandLine;
using SPFusion.ML.Network;

namespace SPFusion.Cli.Commands;

/// <summary><c>spfusion summary</c>: the layer table and parameter count of the published network or an ablation.</summary>
internal sealed class SummaryCommand : ICliCommand
{
    /// <inheritdoc/>
    public string Name => "summary";

    /// <inheritdoc/>
    public string Summary => "layer table (output shape, parameters) of SPFusion, an ablation or a comparison network";

    /// <inheritdoc/>
    public IEnumerable<Symbol> Symbols => _network.Symbols;

    private readonly NetworkArguments _network = new();

    /// <inheritdoc/>
    public int Run(ParseResult args, TextWriter stdout, TextWriter stderr)
    {
        var options = _network.Read(args, out _);

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

    private static string Describe(NetworkOptions o) => o.Variant switch
    {
        NetworkVariant.SPFusion => SPFusion(o),
        NetworkVariant.Sscnn => $"{NetworkVariants.Describe(o.Variant)}, hidden width {o.SscnnHiddenWidth}",
        NetworkVariant.ResNet10T => $"{NetworkVariants.Describe(o.Variant)}, head width {o.ResNet10THeadWidth}",
        _ => NetworkVariants.Describe(o.Variant),
    };

    private static string SPFusion(NetworkOptions o) =>
        $"SPFusion ({(o.UseStarOperator ? "star" : "additive")} fusion, star kernel {o.StarFusionKernelSize}, ffn ratio {o.FeedForwardExpansion}, "
          + $"{o.FusionHeads} head(s), {o.MetaFormerBlocks} MetaFormer block(s))";
}
