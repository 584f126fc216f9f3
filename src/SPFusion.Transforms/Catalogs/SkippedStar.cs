namespace SPFusion.Transforms.Catalogs;

/// <summary>A catalogue star that could not be prepared, and why.</summary>
/// <param name="Entry">The catalogue row.</param>
/// <param name="Reason">The preparation error (names the file or frame).</param>
public sealed record SkippedStar(SurveyCatalogEntry Entry, string Reason);
