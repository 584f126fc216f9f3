using System.CommandLine;
using System.Globalization;
using SPFusion.Cli.CommandLine;
using SPFusion.Synthetic;

namespace SPFusion.Cli.Commands;

/// <summary>
/// <c>spfusion synth --out DIR [--stars N] [--seed S] [--stars-per-field K] [--edge-fraction F] [--background K]</c>:
/// writes the synthetic quick-start survey (LAMOST DR10 spectra, SDSS g/r/i frames, catalog.csv, README.txt), since real
/// training data cannot be shipped with the package.
/// </summary>
internal sealed class SynthCommand : ICliCommand
{
    /// <inheritdoc/>
    public string Name => "synth";

    /// <inheritdoc/>
    public string Summary => "write a synthetic red clump survey in the real LAMOST/SDSS file formats (quick-start data)";

    /// <inheritdoc/>
    public IEnumerable<Symbol> Symbols => [_out, _stars, _seed, _starsPerField, _edgeFraction, _background];

    private readonly Option<string?> _out = CliOptions.Text("--out", "DIR", "the folder to write the survey into", required: true);

    private readonly Option<int?> _stars = CliOptions.Int("--stars", "stars (default 1000)");

    private readonly Option<int?> _seed = CliOptions.Int("--seed", "seed (default 1)");

    private readonly Option<int?> _starsPerField = CliOptions.Int("--stars-per-field", "stars per SDSS field (default 60)");

    private readonly Option<double?> _edgeFraction = CliOptions.Number("--edge-fraction", "fraction of stars too near a frame edge to cut out (default 0.03)");

    private readonly Option<int?> _background = CliOptions.Int("--background", "background sources per field (default 12)");

    /// <inheritdoc/>
    public int Run(ParseResult args, TextWriter stdout, TextWriter stderr)
    {
        var defaults = new SyntheticSurveyOptions { OutputDirectory = "." };
        var options = new SyntheticSurveyOptions
        {
            OutputDirectory = args.GetValue(_out)!,
            StarCount = args.GetValue(_stars) ?? defaults.StarCount,
            Seed = args.GetValue(_seed) ?? defaults.Seed,
            StarsPerField = args.GetValue(_starsPerField) ?? defaults.StarsPerField,
            EdgeFraction = args.GetValue(_edgeFraction) ?? defaults.EdgeFraction,
            BackgroundSourcesPerField = args.GetValue(_background) ?? defaults.BackgroundSourcesPerField,
        };
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
