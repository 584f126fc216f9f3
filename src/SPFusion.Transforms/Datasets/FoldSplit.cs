namespace SPFusion.Transforms.Datasets;

/// <summary>One cross-validation fold: its test stars, and the remaining stars split into training and validation.</summary>
/// <param name="Fold">0-based fold number.</param>
/// <param name="Train">Training obsids, ascending.</param>
/// <param name="Validation">Validation obsids, ascending.</param>
/// <param name="Test">Test obsids, ascending.</param>
internal sealed record FoldSplit(int Fold, IReadOnlyList<long> Train, IReadOnlyList<long> Validation, IReadOnlyList<long> Test);
