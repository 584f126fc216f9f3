using System.Text.Json;
using System.Text.Json.Serialization;
using SPFusion.Cli.CommandLine;
using SPFusion.ML.Network;
using SPFusion.ML.Training;

namespace SPFusion.Cli.Comparison;

/// <summary>
/// The recipe file of compare and ablate. The defaults are the library's (<c>ComparisonRecipes</c>: SPFusion's published
/// recipe, the group's baseline recipe for every comparison network); the command's --preset, --epochs, --seed and
/// --patience apply to all models; a recipe file (JSON, one object per model name, see <see cref="RecipeOverride"/>)
/// overrides any of these per model, last.
/// </summary>
internal static class TrainingRecipes
{
    /// <summary>Reads a recipe file: <c>{"racnet": {"learningRate": 3e-4, "batchSize": 32}, ...}</c>; names the file and key at fault.</summary>
    public static IReadOnlyDictionary<string, RecipeOverride> Read(string? path, IReadOnlyCollection<string> models)
    {
        if (path is null) return new Dictionary<string, RecipeOverride>();
        InputFile.Require("--recipe", path);
        Dictionary<string, RecipeOverride>? recipes;
        try
        {
            recipes = JsonSerializer.Deserialize<Dictionary<string, RecipeOverride>>(File.ReadAllText(path), Json);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path}: not a recipe file ({ex.Message}); expected {{\"MODEL\": {{\"learningRate\": 1e-4, \"batchSize\": 64, ...}}}}", ex);
        }
        recipes ??= [];
        foreach (string key in recipes.Keys.Where(k => !models.Contains(k)))
            throw new InvalidDataException($"{path}: recipe for '{key}', which is not among the models of this run ({string.Join(", ", models)})");
        return recipes;
    }

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };
}

/// <summary>
/// One model's overrides in a recipe file; a property left out keeps the default. Names as in
/// <see cref="SPFusionTrainer.Options"/>, camel case.
/// </summary>
internal sealed record RecipeOverride
{
    public double? LearningRate { get; init; }

    public int? BatchSize { get; init; }

    public int? SchedulePeriod { get; init; }

    public int? ScheduleMultiplier { get; init; }

    public double? MinimumLearningRate { get; init; }

    public double? WeightDecay { get; init; }

    public int? MaxEpochs { get; init; }

    public int? EarlyStoppingPatience { get; init; }

    public bool? StandardizeTargets { get; init; }

    public bool? StandardizeSpectra { get; init; }

    public bool? RecalibrateBatchNorm { get; init; }

    public double? Dropout { get; init; }

    public double? DropPath { get; init; }

    public double? ConvNeXtDropout { get; init; }

    public double? ValidationFraction { get; init; }

    public int? AverageLastEpochs { get; init; }

    public double? HuberDelta { get; init; }

    /// <summary>Applies the overrides to <paramref name="o"/>.</summary>
    public SPFusionTrainer.Options Apply(SPFusionTrainer.Options o) => o with
    {
        LearningRate = LearningRate ?? o.LearningRate,
        BatchSize = BatchSize ?? o.BatchSize,
        SchedulePeriod = SchedulePeriod ?? o.SchedulePeriod,
        ScheduleMultiplier = ScheduleMultiplier ?? o.ScheduleMultiplier,
        MinimumLearningRate = MinimumLearningRate ?? o.MinimumLearningRate,
        WeightDecay = WeightDecay ?? o.WeightDecay,
        MaxEpochs = MaxEpochs ?? o.MaxEpochs,
        EarlyStoppingPatience = EarlyStoppingPatience ?? o.EarlyStoppingPatience,
        StandardizeTargets = StandardizeTargets ?? o.StandardizeTargets,
        StandardizeSpectra = StandardizeSpectra ?? o.StandardizeSpectra,
        RecalibrateBatchNorm = RecalibrateBatchNorm ?? o.RecalibrateBatchNorm,
        ValidationFraction = ValidationFraction ?? o.ValidationFraction,
        AverageLastEpochs = AverageLastEpochs ?? o.AverageLastEpochs,
        HuberDelta = HuberDelta ?? o.HuberDelta,
        Network = o.Network with
        {
            Dropout = Dropout ?? o.Network.Dropout,
            DropPath = DropPath ?? o.Network.DropPath,
            ConvNeXtDropout = ConvNeXtDropout ?? o.Network.ConvNeXtDropout,
        },
    };
}
