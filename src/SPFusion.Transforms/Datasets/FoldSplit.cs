namespace SPFusion.Transforms.Datasets;

/// <summary>One cross-validation fold: its test stars, and the remaining stars split into training and validation.</summary>
/// <param name="Fold">0-based fold number.</param>
/// <param name="Train">Training ids, ascending (<see cref="StarId.Comparer"/>).</param>
/// <param name="Validation">Validation ids, ascending.</param>
/// <param name="Test">Test ids, ascending.</param>
internal sealed record FoldSplit(int Fold, IReadOnlyList<string> Train, IReadOnlyList<string> Validation, IReadOnlyList<string> Test);
