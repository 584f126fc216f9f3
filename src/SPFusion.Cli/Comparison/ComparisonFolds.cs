using System.Globalization;
using System.Security.Cryptography;
using Microsoft.ML;
using SPFusion.Cli.CommandLine;
using SPFusion.ML.Evaluation;
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

    /// <summary>
    /// Every fold's rows, each with the identity the result files' fingerprints hold: the content hashes of its label
    /// tables (prepared folds), or the split, its seed and the dataset's label table (ML.NET's split).
    /// </summary>
    public IReadOnlyList<ComparisonFold> All()
    {
        if (!Prepared)
        {
            var splits = ComparisonFold.CrossValidationSplit(_ml, _ml.Data.LoadAuthorsDataset(_dataDir), Count, _seed);
            string labels = Hash(_dataDir);
            return [.. splits.Select((f, i) => f with
            {
                DataIdentity = string.Create(CultureInfo.InvariantCulture, $"ML.NET split fold {i + 1} of {Count}, seed {_seed}, labels {labels}"),
            })];
        }
        var folds = new List<ComparisonFold>(Count);
        for (int fold = 1; fold <= Count; fold++)
        {
            string dir = FoldFolders.Of(_dataDir, fold);
            string train = Path.Combine(dir, "train"), val = Path.Combine(dir, "val"), test = Path.Combine(dir, "test");
            folds.Add(new ComparisonFold(_ml.Data.LoadAuthorsDataset(train), _ml.Data.LoadAuthorsDataset(val), _ml.Data.LoadAuthorsDataset(test))
            {
                DataIdentity = $"prepared fold {fold}: train {Hash(train)}, val {Hash(val)}, test {Hash(test)}",
            });
        }
        return folds;
    }

    /// <summary>Content hash of a dataset folder's label table: the fingerprint changes when its stars or labels do.</summary>
    private static string Hash(string datasetDir)
    {
        using var stream = File.OpenRead(AuthorsDatasetLayout.LabelPath(datasetDir));
        return Convert.ToHexString(SHA256.HashData(stream))[..16];
    }
}
