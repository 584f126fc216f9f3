namespace SPFusion.Synthetic;

/// <summary>What <see cref="SyntheticSurvey.Generate"/> writes. The defaults make the quick-start data set.</summary>
public sealed class SyntheticSurveyOptions
{
    /// <summary>Folder to write into (created if needed; files of the same names are overwritten, nothing else is touched).</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>Number of catalogue stars, each with one spectrum (default 1000).</summary>
    public int StarCount { get; init; } = 1000;

    /// <summary>Seed of the single <see cref="Random"/> every draw derives from; the same seed gives byte-identical files.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>
    /// Catalogue stars per imaging field (default 60). Compressing a 12 MB frame with SharpZipLib's bzip2 takes 1-2 s of one
    /// core, far more than rendering it, so many targets per frame keep 1,000 stars (17 fields, 51 frames) under a minute.
    /// </summary>
    public int StarsPerField { get; init; } = 60;

    /// <summary>
    /// Fraction of catalogue stars placed within 64 pixels of a frame edge (default 0.03): listed in the catalogue, but a
    /// 128 x 128 cut-out cannot be taken, so image preparation must reject them, as happens with real catalogues.
    /// </summary>
    public double EdgeFraction { get; init; } = 0.03;

    /// <summary>Non-catalogue stars and galaxies per field (default 12), so cut-outs are not empty around the target.</summary>
    public int BackgroundSourcesPerField { get; init; } = 12;

    /// <summary>Files written in parallel (default: processor count).</summary>
    public int? MaxDegreeOfParallelism { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the option that is out of range.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(OutputDirectory)) throw new ArgumentException("the output directory is empty", nameof(OutputDirectory));
        if (StarCount is < 1 or > 1_000_000) throw new ArgumentException($"StarCount = {StarCount} is outside 1..1000000", nameof(StarCount));
        if (StarsPerField is < 1 or > 200) throw new ArgumentException($"StarsPerField = {StarsPerField} is outside 1..200", nameof(StarsPerField));
        if (!(EdgeFraction is >= 0 and <= 1)) throw new ArgumentException($"EdgeFraction = {EdgeFraction} is outside 0..1", nameof(EdgeFraction));
        if (BackgroundSourcesPerField is < 0 or > 1000) throw new ArgumentException($"BackgroundSourcesPerField = {BackgroundSourcesPerField} is outside 0..1000", nameof(BackgroundSourcesPerField));
        if (MaxDegreeOfParallelism is < 1) throw new ArgumentException($"MaxDegreeOfParallelism = {MaxDegreeOfParallelism} must be at least 1", nameof(MaxDegreeOfParallelism));
    }
}
