using System.CommandLine;
using System.Globalization;
using SPFusion.Cli.CommandLine;
using SPFusion.ML.Survey;
using SPFusion.ML.Survey.Output;
using SPFusion.Transforms.Catalogs;

namespace SPFusion.Cli.Commands;

/// <summary>
/// <c>spfusion merge</c>: the finished outputs of <c>predict --catalog --shard K/N</c> into one table in catalogue order,
/// equal (byte for byte for CSV) to one process over the whole catalogue. With <c>--catalog</c> every data row of the
/// catalogue must be present exactly once, and missing shards are named with the catalogue lines they would hold.
/// </summary>
internal sealed class MergeCommand : ICliCommand
{
    /// <inheritdoc/>
    public string Name => "merge";

    /// <inheritdoc/>
    public string Summary => "merge the shard outputs of predict --catalog --shard K/N into one table in catalogue order";

    /// <inheritdoc/>
    public IEnumerable<Symbol> Symbols => [_out, _catalog, _shards];

    private readonly Option<string?> _out = CliOptions.Text("--out", "FILE",
        "the merged estimates: .csv, .fits or .parquet (any, whatever the shards' formats)", required: true);

    private readonly Option<string?> _catalog = CliOptions.Text("--catalog", "CATALOG.csv",
        "the catalogue the shards estimated: every data row must be present exactly once, missing shards are named with their lines");

    private readonly Argument<string[]> _shards = new("SHARD_OUTPUTS")
    {
        Description = "the finished shard outputs (each with its OUT.manifest.json), in any order",
        Arity = ArgumentArity.OneOrMore,
    };

    // Enough lines to find the rows in the catalogue; the full list would drown the message for a large shard.
    private const int LinesShown = 10;

    /// <inheritdoc/>
    public int Run(ParseResult args, TextWriter stdout, TextWriter stderr)
    {
        string output = args.GetValue(_out)!;
        string? catalog = args.GetValue(_catalog);
        var shards = args.GetValue(_shards)!;
        SurveyTable.FormatOf(output);
        var outputs = new OutputPath().InputFile("--catalog", catalog);
        foreach (string shard in shards)
        {
            InputFile.Require("SHARD_OUTPUTS", shard);
            outputs.InputFile("SHARD_OUTPUTS", shard).InputFile("SHARD_OUTPUTS", SurveyOutputManifest.PathFor(shard));
        }
        outputs.Check("--out", output);

        IReadOnlyList<SurveyCatalogRow>? rows = null;
        if (catalog is not null)
        {
            InputFile.Require("--catalog", catalog);
            rows = SurveyCatalog.ReadRows(catalog).ToList();
            var problems = CatalogueProblems(catalog, rows, shards);
            if (problems.Count > 0)
            {
                // One line per problem: a user fixing a cluster run needs every missing shard at once, not the first.
                foreach (string problem in problems) stderr.WriteLine($"spfusion merge: {problem}");
                return CommandRunner.BadInput;
            }
        }

        var manifest = SurveyShardMerge.Merge(output, shards, rows?.Select(r => r.Line));
        string counts = string.Join(", ", manifest.StatusCounts.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key} {c.Value}")));
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{manifest.Rows} rows from {shards.Length} shard output{(shards.Length == 1 ? "" : "s")}: {counts}"));
        stdout.WriteLine($"estimates: {Path.GetFullPath(output)}");
        return 0;
    }

    /// <summary>
    /// Shards of another catalogue, and the shards of <c>K/N</c> with no output, each with the catalogue lines it holds
    /// (the same assignment <c>predict --shard</c> makes). Other problems (fingerprints, changed files, rows) are the
    /// merge's own refusals.
    /// </summary>
    private static List<string> CatalogueProblems(string catalog, IReadOnlyList<SurveyCatalogRow> rows, string[] shards)
    {
        var problems = new List<string>();
        string catalogSha = SurveyRunFingerprint.Sha256Of(catalog);
        var present = new HashSet<int>();
        int? count = null;
        foreach (string shard in shards)
        {
            string manifestPath = SurveyOutputManifest.PathFor(shard);
            if (!File.Exists(manifestPath)) continue; // the merge names it
            var fingerprint = SurveyOutputManifest.Read(manifestPath).RunFingerprint(manifestPath);
            if (fingerprint.CatalogSha256 != catalogSha)
            {
                problems.Add($"{Path.GetFullPath(shard)} estimated another catalogue: catalogue sha256 differs: {fingerprint.CatalogSha256} ({fingerprint.CatalogPath}) vs {catalogSha} (--catalog {Path.GetFullPath(catalog)})");
                continue;
            }
            count ??= fingerprint.ShardCount ?? 1;
            present.Add(fingerprint.ShardIndex ?? 0);
        }
        if (problems.Count > 0 || count is not { } n) return problems;
        for (int k = 0; k < n; k++)
        {
            if (present.Contains(k)) continue;
            var lines = SurveyPlan.Create(rows, 1, new SurveyShard(k, n)).Chunks.SelectMany(c => c).Select(r => r.Line).Order().ToList();
            string which = lines.Count == 0 ? "it holds no catalogue rows"
                : string.Create(CultureInfo.InvariantCulture, $"{lines.Count} catalogue row{(lines.Count == 1 ? "" : "s")} missing: line{(lines.Count == 1 ? "" : "s")} {string.Join(", ", lines.Take(LinesShown))}{(lines.Count > LinesShown ? ", ..." : "")}");
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"shard {k}/{n} has no output ({which})"));
        }
        return problems;
    }
}
