namespace SPFusion.Synthetic;

/// <summary>
/// Writes a small synthetic red clump survey in the real file formats (LAMOST DR10 spectra, SDSS g/r/i frames, a
/// <c>spfusion prepare</c> catalogue), because real training data cannot be shipped: the quick-start example and the
/// tests run every real-file code path on it. The model behind the files is documented on
/// <see cref="RedClumpLabelModel"/>, <see cref="SyntheticStar"/> and in the README.txt written next to the data.
/// </summary>
public static class SyntheticSurvey
{
    /// <summary>Catalogue file name inside the output folder.</summary>
    public const string CatalogFileName = "catalog.csv";

    /// <summary>Generates the survey described by <paramref name="options"/>; deterministic for a given seed.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public static SyntheticSurveySummary Generate(SyntheticSurveyOptions options, IProgress<SyntheticSurveyProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        string root = Path.GetFullPath(options.OutputDirectory);
        Directory.CreateDirectory(Path.Combine(root, "spectra"));
        Directory.CreateDirectory(Path.Combine(root, "frames"));

        var plan = SyntheticSurveyPlan.Draw(options);
        int total = plan.Stars.Count + (3 * plan.Fields.Count);
        int done = 0;
        void Report(string file) => progress?.Report(new SyntheticSurveyProgress(Interlocked.Increment(ref done), total, file));

        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = options.MaxDegreeOfParallelism ?? Environment.ProcessorCount,
            CancellationToken = cancellationToken,
        };
        // Frames first: they are the slow, large items, so the spectra fill in the tail of the schedule.
        Parallel.For(0, 3 * plan.Fields.Count, parallel, k =>
        {
            var field = plan.Fields[k / 3];
            int band = k % 3;
            var image = SdssFrameRenderer.Render(field, band, plan.Sources[field.Index], new Random(field.NoiseSeeds[band]));
            string relative = "frames/" + field.FileName(band);
            SdssFrameFileWriter.Write(Path.Combine(root, relative), field, band, image);
            Report(relative);
        });
        Parallel.For(0, plan.Stars.Count, parallel, i =>
        {
            var star = plan.Stars[i];
            var spectrum = SyntheticSpectrumModel.Render(star.Labels, star.SnrG, star.MagG, star.RadialVelocity, new Random(plan.SpectrumSeeds[i]));
            LamostSpectrumFileWriter.Write(Path.Combine(root, star.SpectrumPath), star, spectrum);
            Report(star.SpectrumPath);
        });

        string catalog = Path.Combine(root, CatalogFileName);
        SurveyCatalogWriter.Write(catalog, plan.Stars);
        SurveyReadmeWriter.Write(Path.Combine(root, "README.txt"), options, plan);
        return new SyntheticSurveySummary(root, catalog, options.Seed, plan.Fields.Count, 3 * plan.Fields.Count, plan.Stars.Count,
            plan.Stars.Count(s => s.NearEdge), plan.BackgroundSourceCount, plan.Stars);
    }
}
