namespace SPFusion.Transforms.Catalogs;

/// <summary>One data row of a catalogue as a survey run reads it: the parsed entry, or why the row is unusable.</summary>
/// <param name="Line">1-based line in the catalogue file (the header is line 1).</param>
/// <param name="ObsId">The obsid field as written (empty when the row has none).</param>
/// <param name="Entry">The parsed row; null when <paramref name="Problem"/> is set.</param>
/// <param name="Problem">Why the row is unusable, naming the file, line and column; null for a good row.</param>
public sealed record SurveyCatalogRow(int Line, string ObsId, SurveyCatalogEntry? Entry, string? Problem);
