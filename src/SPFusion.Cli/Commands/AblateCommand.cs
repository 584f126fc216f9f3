using System.CommandLine;
using SPFusion.Cli.CommandLine;
using SPFusion.Cli.Comparison;
using SPFusion.ML.Evaluation;
using SPFusion.ML.MLNet;

namespace SPFusion.Cli.Commands;

/// <summary>
/// <c>spfusion ablate</c>: the paper's ablation grid of SPFusion (Tables 3-7, Figures 7-8) on the user's data, with the
/// fold and resume machinery of <c>compare</c>; a configuration shared by several tables is trained once.
/// </summary>
internal sealed class AblateCommand : ICliCommand
{
    /// <inheritdoc/>
    public string Name => "ablate";

    /// <inheritdoc/>
    public string Summary => "SPFusion's ablations on the same folds: Tables 3-7 (Markdown, JSON) and Figures 7-8 (PNG)";

    /// <inheritdoc/>
    public IEnumerable<Symbol> Symbols => [_ablation, .. _arguments.Symbols];

    private readonly ComparisonArguments _arguments = new();

    private readonly Option<int?> _ablation = CliOptions.Choice("--ablation",
        "star (Table 3, Figures 7-8), kernel (Table 4: 3/7/11), ratio (Table 5: 2/3/4/5), heads (Table 6: 1/2/4/7), blocks (Table 7: 1/2/3) or all (default)",
        [.. AblationGrid.All.Select((a, i) => (a.Word, i)), ("all", All)]);

    private const int All = -1;

    /// <inheritdoc/>
    public int Run(ParseResult args, TextWriter stdout, TextWriter stderr)
    {
        int which = args.GetValue(_ablation) ?? All;
        var axes = AblationGrid.All.Where((_, i) => which == All || i == which).ToList();
        // Every ablation run is SPFusion: the recipe file's "spfusion" entry applies to all of them.
        var recipes = TrainingRecipes.Read(args.GetValue(_arguments.Recipe), ["spfusion"]);
        var tables = new List<(AblationGrid.Axis Axis, List<ComparisonModel> Entries)>();
        foreach (var axis in axes)
        {
            var entries = new List<ComparisonModel>();
            foreach (var (label, network) in axis.Settings)
            {
                var options = _arguments.RecipeFor(args, network);
                if (recipes.TryGetValue("spfusion", out var file)) options = file.Apply(options);
                var entry = new ComparisonModel(AblationGrid.Key(network), options) { Label = label };
                ComparisonArguments.Validate(entry);
                entries.Add(entry);
            }
            tables.Add((axis, entries));
        }
        var (ml, folds, output) = _arguments.Open(args);
        var all = tables.SelectMany(t => t.Entries).ToList();
        // A configuration shared by several tables (the published one is in all five) is trained once, with the recipe of its first row.
        var distinct = all.DistinctBy(e => e.Name).ToList();
        stdout.WriteLine($"ablate {string.Join(", ", axes.Select(a => a.Word))}: {distinct.Count} configurations on {folds.Description}");
        var byName = ml.Regression.CompareTwoTargets(ml, distinct, folds.All(), resumeDirectory: output, progress: new ComparisonLog(stdout))
            .Models.ToDictionary(m => m.Model.Name, StringComparer.Ordinal);
        var outcomes = all.Select(e => byName[e.Name] with { Model = e }).ToList();

        string figures = Directory.CreateDirectory(Path.Combine(output, "figures")).FullName;
        int offset = 0;
        foreach (var (axis, entries) in tables)
        {
            var rows = outcomes.Skip(offset).Take(entries.Count).ToList();
            offset += entries.Count;
            string table = ResultTable.Write(output, axis.TableName, axis.Caption, axis.Column, rows, withModality: false);
            stdout.WriteLine();
            stdout.Write(table);
            stdout.WriteLine($"table: {Path.Combine(Path.GetFullPath(output), axis.TableName)}.md (and .json)");
            if (axis.Word == "star")
            {
                foreach (string path in ComparisonFigures.MaeVersusSnr(rows, figures, "star-operator-mae-vs-snr", "Star operator ablation: "))
                    stdout.WriteLine($"figure: {path}");
            }
        }
        return 0;
    }
}
