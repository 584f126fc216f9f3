using System.CommandLine;
using SPFusion.Cli.CommandLine;
using SPFusion.Cli.Comparison;
using SPFusion.ML.Evaluation;
using SPFusion.ML.MLNet;
using SPFusion.ML.Network;

namespace SPFusion.Cli.Commands;

/// <summary>
/// <c>spfusion compare</c>: the paper's comparison (Table 2, Figures 3-6) on the user's data. Every model is trained and
/// tested on the same folds with its own recipe; finished model × fold runs are kept in OUT/runs and reused.
/// </summary>
internal sealed class CompareCommand : ICliCommand
{
    /// <inheritdoc/>
    public string Name => "compare";

    /// <inheritdoc/>
    public string Summary => "train and test several networks on the same folds: Table 2 (Markdown, JSON) and Figures 3-6 (PNG)";

    /// <inheritdoc/>
    public IEnumerable<Symbol> Symbols => [_models, _initialWeights, .. _arguments.Symbols];

    private readonly ComparisonArguments _arguments = new();

    private readonly Option<string?> _models = CliOptions.Text("--models", "M1,M2,...",
        $"networks to compare (default spfusion,convnext1d-paper,racnet,sscnn,resnet10t), from: {string.Join(", ", NetworkVariants.All.Select(NetworkVariants.CliName))}");

    private readonly Option<string?> _initialWeights = CliOptions.Text("--initial-weights", "FILE",
        "start spfusion (whole) and convnext1d (its spectral extractor) from published or an .onnx; the other networks have no published weights and start from random ones");

    /// <summary>Table 2's default rows: SPFusion and the four comparison networks as the authors' group publishes them.</summary>
    internal static readonly NetworkVariant[] DefaultModels =
        [NetworkVariant.SPFusion, NetworkVariant.ConvNeXt1DPaper, NetworkVariant.RacNet, NetworkVariant.Sscnn, NetworkVariant.ResNet10T];

    /// <inheritdoc/>
    public int Run(ParseResult args, TextWriter stdout, TextWriter stderr)
    {
        var variants = ParseModels(args.GetValue(_models));
        string? initialWeights = args.GetValue(_initialWeights) is { } iw ? PublishedModel.Resolve(iw) : null;
        if (initialWeights is not null) InputFile.Require("--initial-weights", initialWeights);
        var names = variants.Select(NetworkVariants.CliName).ToList();
        var recipes = TrainingRecipes.Read(args.GetValue(_arguments.Recipe), names);
        var models = new List<ComparisonModel>();
        foreach (var variant in variants)
        {
            string key = NetworkVariants.CliName(variant);
            var options = _arguments.RecipeFor(args, NetworkOptions.Published with { Variant = variant });
            if (initialWeights is not null && variant is NetworkVariant.SPFusion or NetworkVariant.ConvNeXt1D)
                options = options with { InitialWeights = initialWeights };
            if (recipes.TryGetValue(key, out var file)) options = file.Apply(options);
            var model = new ComparisonModel(key, options) { Label = Label(variant) };
            ComparisonArguments.Validate(model);
            models.Add(model);
        }
        var (ml, folds, output) = _arguments.Open(args);
        stdout.WriteLine($"compare {string.Join(", ", names)} on {folds.Description}");
        foreach (var m in models)
        {
            var o = m.Options;
            stdout.WriteLine($"  {m.Name}: lr {o.LearningRate:g3}, warm restarts period {o.SchedulePeriod} × {o.ScheduleMultiplier}, batch {o.BatchSize}, " +
                $"up to {o.MaxEpochs} epochs (patience {o.EarlyStoppingPatience}){(o.InitialWeights is { } w ? $", from {Path.GetFileName(w)}" : ", random weights")}");
        }

        var outcomes = ml.Regression.CompareTwoTargets(ml, models, folds.All(), resumeDirectory: output, progress: new ComparisonLog(stdout)).Models;
        string table = ResultTable.Write(output, "table2", "Table 2: comparison", "Model", outcomes, withModality: true);
        stdout.WriteLine();
        stdout.Write(table);
        string figures = Directory.CreateDirectory(Path.Combine(output, "figures")).FullName;
        foreach (string path in ComparisonFigures.PredictedVersusTrue(outcomes, figures)) stdout.WriteLine($"figure: {path}");
        foreach (string path in ComparisonFigures.MaeVersusSnr(outcomes, figures, "mae-vs-snr", "")) stdout.WriteLine($"figure: {path}");
        stdout.WriteLine($"table: {Path.Combine(Path.GetFullPath(output), "table2.md")} (and .json)");
        return 0;
    }

    /// <summary>The row name: the paper's spelling of each network.</summary>
    internal static string Label(NetworkVariant variant) => ComparisonRecipes.PaperLabel(variant);

    private static List<NetworkVariant> ParseModels(string? list)
    {
        if (list is null) return [.. DefaultModels];
        var byName = NetworkVariants.All.ToDictionary(NetworkVariants.CliName, StringComparer.Ordinal);
        var result = new List<NetworkVariant>();
        foreach (string word in list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!byName.TryGetValue(word, out var variant))
                throw new CliUsageException($"--models: unknown network '{word}'; choose from {string.Join(", ", byName.Keys)}");
            if (result.Contains(variant)) throw new CliUsageException($"--models: '{word}' is listed twice");
            result.Add(variant);
        }
        if (result.Count == 0) throw new CliUsageException("--models: give at least one network");
        return result;
    }
}
