using System.Globalization;
using System.Security.Cryptography;
using Microsoft.ML;
using SPFusion.Cli.CommandLine;
using SPFusion.Transforms.Datasets;
using SPFusion.Transforms.MLNet;

namespace SPFusion.Cli.Comparison;

/// <summary>
/// The folds every model of a comparison is trained and tested on: the dataset's own <c>fold1..K</c> folders (train, val,
/// test) when <c>spfusion prepare --folds K</c> wrote them, otherwise ML.NET's <c>CrossValidationSplit</c> of the whole
/// dataset with a fixed seed, so every model sees the same split in this and any resumed run.
/// </summary>
internal sealed class ComparisonFolds
{
    private readonly MLContext _ml;
    private readonly string _dataDir;
    private readonly int _seed;
    private IReadOnlyList<DataOperationsCatalog.TrainTestData>? _splits;

    private ComparisonFolds(MLContext ml, string dataDir, int count, bool prepared, int seed)
    {
        _ml = ml;
        _dataDir = dataDir;
        Count = count;
        Prepared = prepared;
        _seed = seed;
    }

    /// <summary>Number of folds.</summary>
    public int Count { get; }

    /// <summary>True when the dataset's own fold folders are used.</summary>
    public bool Prepared { get; }

    /// <summary>One line for the log: where the folds come from.</summary>
    public string Description => Prepared
        ? $"{Count} prepared folds ({FoldFolders.Of(_dataDir, 1)} .. fold{Count}: train, val, test)"
        : $"ML.NET's CrossValidationSplit into {Count} folds (seed {_seed}); each model holds out its own validation rows";

    /// <summary>Finds the folds of <paramref name="dataDir"/>; checks <paramref name="requested"/> against prepared folds.</summary>
    public static ComparisonFolds Open(MLContext ml, string dataDir, int? requested, int seed)
    {
        int own = FoldFolders.PreparedCount(dataDir, requested);
        if (own > 0) return new ComparisonFolds(ml, dataDir, own, prepared: true, seed);
        if (!File.Exists(AuthorsDatasetLayout.LabelPath(dataDir)))
            throw new InvalidDataException($"{dataDir}: neither a prepared dataset (label/label.csv) nor fold1..K folders; run spfusion prepare first");
        int folds = requested ?? 3;
        int stars = new AuthorsDatasetReader(dataDir).Labels.Count;
        if (folds > stars)
            throw new CliUsageException(CliOptions.Range("--folds", $"must be between 2 and the number of stars in --data ({stars})", folds));
        return new ComparisonFolds(ml, dataDir, folds, prepared: false, seed);
    }

    /// <summary>The rows of fold <paramref name="fold"/> (from 1).</summary>
    public FoldData Fold(int fold)
    {
        if (Prepared)
        {
            string dir = FoldFolders.Of(_dataDir, fold);
            string train = Path.Combine(dir, "train"), val = Path.Combine(dir, "val"), test = Path.Combine(dir, "test");
            return new FoldData(_ml.Data.LoadAuthorsDataset(train), _ml.Data.LoadAuthorsDataset(val), _ml.Data.LoadAuthorsDataset(test),
                $"prepared fold {fold}: train {Hash(train)}, val {Hash(val)}, test {Hash(test)}");
        }
        _splits ??= _ml.Data.CrossValidationSplit(_ml.Data.LoadAuthorsDataset(_dataDir), Count, seed: _seed);
        var split = _splits[fold - 1];
        return new FoldData(split.TrainSet, null, split.TestSet,
            string.Create(CultureInfo.InvariantCulture, $"ML.NET split fold {fold} of {Count}, seed {_seed}, labels {Hash(_dataDir)}"));
    }

    /// <summary>Content hash of a dataset folder's label table: the fingerprint changes when its stars or labels do.</summary>
    private static string Hash(string datasetDir)
    {
        using var stream = File.OpenRead(AuthorsDatasetLayout.LabelPath(datasetDir));
        return Convert.ToHexString(SHA256.HashData(stream))[..16];
    }
}

/// <summary>One fold's rows; <paramref name="Validation"/> is null when the trainer holds out its own.</summary>
internal sealed record FoldData(IDataView Train, IDataView? Validation, IDataView Test, string Identity);
