using SPFusion.Transforms.Synthetic;

namespace SPFusion.Examples.QuickStart;

/// <summary>Finds the survey catalogue: the user's folder, or a synthetic survey written in the real file formats.</summary>
internal static class SurveySource
{
    public static string CatalogPath(QuickStartOptions options)
    {
        if (options.Data is { } dir)
        {
            string catalog = Path.Combine(dir, "catalog.csv");
            if (!File.Exists(catalog)) throw new FileNotFoundException($"{dir} has no catalog.csv (columns obsid,ra,dec,spectrum,g,r,i,mass,age[,snr])", catalog);
            Console.WriteLine($"survey: {catalog}");
            return catalog;
        }
        string folder = Path.Combine(Path.GetTempPath(), $"spfusion-quickstart-{options.Stars}-{options.Seed}");
        Console.WriteLine($"synthesising {options.Stars} red clump stars (LAMOST DR10 spectra, SDSS g/r/i frames) into {folder}");
        int lastPercent = -1;
        var summary = SyntheticSurvey.Generate(
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
        Console.WriteLine($"  {summary.StarCount} stars in {summary.FieldCount} fields ({summary.FrameCount} frames)");
        return summary.CatalogPath;
    }

    private sealed class Progress(Action<SyntheticSurveyProgress> report) : IProgress<SyntheticSurveyProgress>
    {
        public void Report(SyntheticSurveyProgress value) => report(value);
    }
}
