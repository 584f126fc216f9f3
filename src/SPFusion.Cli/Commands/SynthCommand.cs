using System.Globalization;
using SPFusion.Cli.CommandLine;
using SPFusion.Synthetic;

namespace SPFusion.Cli.Commands;

/// <summary>
/// <c>spfusion synth --out DIR [--stars N] [--seed S] [--stars-per-field K] [--edge-fraction F] [--background K]</c>:
/// writes the synthetic quick-start survey (LAMOST DR10 spectra, SDSS g/r/i frames, catalog.csv, README.txt), since real
/// training data cannot be shipped with the package.
/// </summary>
public sealed class SynthCommand : ICliCommand
{
    /// <inheritdoc/>
    public string Name => "synth";

    /// <inheritdoc/>
    public string Summary => "write a synthetic red clump survey in the real LAMOST/SDSS file formats (quick-start data)";

    /// <inheritdoc/>
    public string Usage =>
        "usage: spfusion synth --out DIR [--stars N (1000)] [--seed S (1)] [--stars-per-field K (60)] [--edge-fraction F (0.03)] [--background K (12)]";

    /// <inheritdoc/>
    public int Run(CliArguments args, TextWriter stdout, TextWriter stderr)
    {
        var defaults = new SyntheticSurveyOptions { OutputDirectory = "." };
        var options = new SyntheticSurveyOptions
        {
            OutputDirectory = args.Required("out"),
            StarCount = args.Int("stars") ?? defaults.StarCount,
            Seed = args.Int("seed") ?? defaults.Seed,
            StarsPerField = args.Int("stars-per-field") ?? defaults.StarsPerField,
            EdgeFraction = args.Double("edge-fraction") ?? defaults.EdgeFraction,
            BackgroundSourcesPerField = args.Int("background") ?? defaults.BackgroundSourcesPerField,
        };
        args.EnsureAllUsed();
        if (args.Positionals.Count != 0) throw new CliUsageException($"unexpected argument '{args.Positionals[0]}'");
        try
        {
            options.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new CliUsageException(ex.Message.Split(" (Parameter", 2)[0]);
        }

        var summary = SyntheticSurvey.Generate(options, new TenthsReporter(stderr));
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"wrote {summary.StarCount} stars ({summary.SpectrumCount} spectra, {summary.FieldCount} fields = {summary.FrameCount} frames, {summary.NearEdgeCount} near a frame edge) with seed {summary.Seed}"));
        stdout.WriteLine($"catalogue: {summary.CatalogPath}");
        stdout.WriteLine($"folder:    {summary.OutputDirectory}");
        return 0;
    }

    /// <summary>
    /// Writes a progress line to stderr at every tenth of the files, synchronously: <see cref="Progress{T}"/> would post
    /// lines to the thread pool, out of order and possibly after the summary.
    /// </summary>
    private sealed class TenthsReporter(TextWriter stderr) : IProgress<SyntheticSurveyProgress>
    {
        private readonly Lock _gate = new();
        private int _lastTenth;

        public void Report(SyntheticSurveyProgress value)
        {
            int tenth = value.FilesWritten * 10 / value.FilesTotal;
            lock (_gate)
            {
                if (tenth <= _lastTenth) return;
                _lastTenth = tenth;
                stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"synth: {tenth * 10}% ({value.FilesWritten}/{value.FilesTotal} files)"));
            }
        }
    }
}
