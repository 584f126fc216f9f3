using SPFusion.Synthetic;

namespace SPFusion.Examples.QuickStart;

/// <summary>Finds the survey catalogue: the user's folder, or a synthetic survey written in the real file formats.</summary>
internal static class SurveySource
{
    /// <summary>The catalogue to read, and the synthetic survey's temporary folder (null for the user's folder).</summary>
    public static (string Catalog, string? TemporaryFolder) Find(QuickStartOptions options)
    {
        if (options.Data is { } dir)
        {
            string catalog = Path.Combine(dir, "catalog.csv");
            if (!File.Exists(catalog)) throw new FileNotFoundException($"{catalog}: no such file (--data needs a folder with catalog.csv, columns obsid,ra,dec,spectrum,g,r,i,mass,age[,snr])", catalog);
            Console.WriteLine($"survey: {catalog}");
            return (catalog, null);
        }
        // A folder of this run's own: the run deletes it at its end, so another run (same stars and seed) must not share it.
        string folder = Directory.CreateTempSubdirectory($"spfusion-quickstart-{options.Stars}-{options.Seed}-").FullName;
        Console.WriteLine($"synthesising {options.Stars} red clump stars (LAMOST DR10 spectra, SDSS g/r/i frames) into {folder}");
        SyntheticSurveySummary summary;
        try
        {
            int lastPercent = -1;
            summary = SyntheticSurvey.Generate(
                new SyntheticSurveyOptions { OutputDirectory = folder, StarCount = options.Stars, Seed = options.Seed },
                new Progress(p =>
                {
                    int percent = 100 * p.FilesWritten / Math.Max(1, p.FilesTotal);
                    if (percent / 10 != lastPercent / 10)
                    {
                        lastPercent = percent;
                        Console.WriteLine($"  {percent,3}% ({p.FilesWritten}/{p.FilesTotal} files)");
                    }
                }));
        }
        catch
        {
            Directory.Delete(folder, recursive: true); // the caller never learns of the folder
            throw;
        }
        Console.WriteLine($"  {summary.StarCount} stars in {summary.FieldCount} fields ({summary.FrameCount} frames)");
        return (summary.CatalogPath, folder);
    }

    private sealed class Progress(Action<SyntheticSurveyProgress> report) : IProgress<SyntheticSurveyProgress>
    {
        public void Report(SyntheticSurveyProgress value) => report(value);
    }
}
