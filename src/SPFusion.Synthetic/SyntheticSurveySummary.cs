namespace SPFusion.Synthetic;

/// <summary>What <see cref="SyntheticSurvey.Generate"/> wrote, with the truth behind every catalogue row.</summary>
/// <param name="OutputDirectory">Absolute path of the survey folder.</param>
/// <param name="CatalogPath">Absolute path of catalog.csv.</param>
/// <param name="Seed">The seed used.</param>
/// <param name="FieldCount">Imaging fields (each one g, r and i frame).</param>
/// <param name="FrameCount">Frame files written.</param>
/// <param name="SpectrumCount">Spectrum files written.</param>
/// <param name="NearEdgeCount">Catalogue stars placed too close to a frame edge for a cut-out.</param>
/// <param name="BackgroundSourceCount">Non-catalogue stars and galaxies drawn on the frames.</param>
/// <param name="Stars">Every catalogue star in catalogue order.</param>
public sealed record SyntheticSurveySummary(
    string OutputDirectory,
    string CatalogPath,
    int Seed,
    int FieldCount,
    int FrameCount,
    int SpectrumCount,
    int NearEdgeCount,
    int BackgroundSourceCount,
    IReadOnlyList<SyntheticStar> Stars)
{
    /// <summary>Catalogue rows.</summary>
    public int StarCount => Stars.Count;
}
