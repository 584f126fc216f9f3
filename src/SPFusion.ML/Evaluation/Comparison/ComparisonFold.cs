using Microsoft.ML;

namespace SPFusion.ML.Evaluation;

/// <summary>The rows of one fold of a comparison: every model trains on <paramref name="Train"/> and is tested on <paramref name="Test"/>.</summary>
/// <param name="Train">Training rows.</param>
/// <param name="Validation">Validation rows for early stopping; null: each model holds out its recipe's <c>ValidationFraction</c> of <paramref name="Train"/>.</param>
/// <param name="Test">Test rows (with the label and, for the SNR bins, <c>Snr</c> columns).</param>
public sealed record ComparisonFold(IDataView Train, IDataView? Validation, IDataView Test)
{
    /// <summary>
    /// Text that identifies the fold's rows for resumption (e.g. a hash of the files they come from): a finished run is
    /// reused only when its recipe and this text are unchanged. Null: the comparison hashes the fold's <c>Mass</c> and
    /// <c>Age</c> columns (train, validation and test, in order), one pass over its rows, when a resume folder is given.
    /// </summary>
    public string? DataIdentity { get; init; }

    /// <summary>
    /// ML.NET's fold split of <paramref name="data"/> (<c>mlContext.Data.CrossValidationSplit</c>, the folds
    /// <c>spfusion compare</c> uses without prepared fold folders): fold k tests on the k-th part and trains on the others;
    /// it has no validation rows, so each model holds out its recipe's <c>ValidationFraction</c> of them for early stopping.
    /// </summary>
    /// <param name="mlContext">The context whose fold splitting is used.</param>
    /// <param name="data">All rows (e.g. <c>mlContext.Data.LoadAuthorsDataset(dir)</c>).</param>
    /// <param name="numberOfFolds">Number of folds (the paper uses 3).</param>
    /// <param name="seed">Seed of the split; null uses the context's.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="numberOfFolds"/> is below 2.</exception>
    public static IReadOnlyList<ComparisonFold> CrossValidationSplit(MLContext mlContext, IDataView data, int numberOfFolds = 3, int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(numberOfFolds, 2);
        return [.. mlContext.Data.CrossValidationSplit(data, numberOfFolds, seed: seed).Select(split => new ComparisonFold(split.TrainSet, null, split.TestSet))];
    }
}
