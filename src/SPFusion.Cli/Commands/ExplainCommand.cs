using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using SPFusion.Cli.CommandLine;
using SPFusion.Cli.Explain;
using SPFusion.Cli.Plots;
using SPFusion.ML.Evaluation;
using SPFusion.ML.Network;
using SPFusion.ML.Persistence;
using SPFusion.Transforms.Datasets;
using SPFusion.Transforms.Spectra;
using static TorchSharp.torch;

namespace SPFusion.Cli.Commands;

/// <summary>
/// <c>spfusion explain</c>: which wavelengths a trained network uses. In place of the paper's Figure 10 (the spectral
/// branch's channel attention, whose 32 feature channels are not wavelengths), integrated gradients of mass and age with
/// respect to the input spectrum, averaged over a batch of stars and drawn over the mean spectrum in Angstrom, with the
/// SE channel-attention heatmap (Figure 9) beside them for SPFusion. Needs TorchSharp weights: the authors' ONNX file
/// (imported) or a checkpoint of this package.
/// </summary>
internal sealed class ExplainCommand : ICliCommand
{
    /// <inheritdoc/>
    public string Name => "explain";

    /// <inheritdoc/>
    public string Summary => "integrated-gradient wavelength maps of mass and age over the mean spectrum, and the SE channel-attention heatmap (PNG, CSV, JSON)";

    /// <inheritdoc/>
    public IEnumerable<Symbol> Symbols => [_model, _data, _out, _stars, _steps, _baseline, .. _network.Symbols];

    private readonly NetworkArguments _network = new();

    private readonly Option<string?> _model = CliOptions.Text("--weights", "published|FILE.onnx|checkpoint",
        "the weights: published (the default for --model spfusion) or an .onnx (the authors' model, imported), or a TorchSharp checkpoint " +
        "(train --weights, compare/ablate OUT/weights/*.bin) with the --model flags it was trained with; a model zip holds only an ONNX graph and cannot be differentiated");

    private readonly Option<string?> _data = CliOptions.Text("--data", "DIR", "dataset in the authors' layout (spfusion prepare writes it); its first --stars stars are explained", required: true);

    private readonly Option<string?> _out = CliOptions.Text("--out", "DIR", "attribution-mass.png, attribution-age.png, channel-attention.png (SPFusion), attributions.csv, explain.json", required: true);

    private readonly Option<int?> _stars = CliOptions.Int("--stars", "stars averaged over (default 64)", min: 1);

    private readonly Option<int?> _steps = CliOptions.Int("--steps", "points on the path from the baseline (default 32)", min: 1);

    private readonly Option<int?> _baseline = CliOptions.Choice("--baseline",
        "zero (default: the normalised spectrum's floor) or median (the batch's per-pixel median spectrum)", ("zero", 0), ("median", 1));

    /// <inheritdoc/>
    public int Run(ParseResult args, TextWriter stdout, TextWriter stderr)
    {
        var options = _network.Read(args, out bool anyModelFlag);
        string? weights = args.GetValue(_model);
        if (weights is null && !options.HasPublishedLayout)
            throw new CliUsageException($"--weights is needed for --model {NetworkVariants.CliName(options.Variant)} (only the published SPFusion has default weights)");
        string from = PublishedModel.Resolve(weights ?? PublishedModel.Name);
        if (weights is null) anyModelFlag = false; // --model spfusion alone names the published network
        string dataDir = args.GetValue(_data)!;
        string output = args.GetValue(_out)!;
        int starCount = args.GetValue(_stars) ?? 64, steps = args.GetValue(_steps) ?? 32;
        bool median = args.GetValue(_baseline) == 1;
        if (ModelFileKind.IsOnnx(from) && anyModelFlag)
            throw new CliUsageException("--weights is an ONNX file, imported as the published configuration; model flags apply to checkpoints only");
        InputFile.Require("--weights", from);
        if (File.Exists(output)) throw new CliUsageException($"--out {output} is a file; give a folder");
        new OutputPath().InputFolder("--data", dataDir).InputFile("--weights", from).CheckNotInput("--out", output);

        using var network = NetworkFile.Load(from, options);
        if (!network.UsesSpectrum)
            throw new CliUsageException($"--model {NetworkVariants.CliName(network.Options.Variant)} reads no spectrum: there is no wavelength map to draw");
        var reader = new AuthorsDatasetReader(dataDir);
        var stars = reader.Labels.Take(starCount).Select(reader.Read).ToList();
        if (stars.Count == 0) throw new InvalidDataException($"{dataDir}: no stars to explain");
        Directory.CreateDirectory(output);
        stdout.WriteLine($"explain {NetworkVariants.CliName(network.Options.Variant)} ({Path.GetFileName(from)}) on {stars.Count} stars of {dataDir}: " +
            $"integrated gradients, {steps} steps from a {(median ? "median" : "zero")} baseline");

        var result = SpectrumAttribution.Compute(network, stars, median, steps);
        var preparation = new SpectrumPreparation();
        double[] wavelength = Enumerable.Range(0, result.MeanSpectrum.Length).Select(preparation.WavelengthOfSample).ToArray();
        string[] targets = ["mass", "age"];
        var regions = new List<object>();
        for (int t = 0; t < 2; t++)
        {
            double[] profile = AttributionFigure.Profile(wavelength, result.MeanAbsoluteAttribution[t]);
            var shaded = AttributionFigure.HalfMaximumRegions(wavelength, profile);
            string path = AttributionFigure.Draw(targets[t], wavelength, result.MeanSpectrum, profile, stars.Count, median ? "median" : "zero",
                Path.Combine(output, $"attribution-{targets[t]}.png"));
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{targets[t]}: completeness error {result.CompletenessError[t]:0.0%} of |f(input) - f(baseline)| (more --steps lowers it); {shaded.Count} regions above half maximum; {path}"));
            regions.Add(new { target = targets[t], completenessError = result.CompletenessError[t], halfMaximumRegions = shaded.Select(r => new { from = r.From, to = r.To }) });
        }
        AtomicFile.WriteText(Path.Combine(output, "attributions.csv"), w =>
        {
            w.WriteLine("sample,vacuum_wavelength_angstrom,mean_spectrum,ig_mass,abs_ig_mass,ig_age,abs_ig_age");
            for (int j = 0; j < wavelength.Length; j++)
            {
                w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{j},{(double.IsNaN(wavelength[j]) ? "" : wavelength[j].ToString("0.000", CultureInfo.InvariantCulture))},{result.MeanSpectrum[j]:G6},{result.MeanAttribution[0][j]:G6},{result.MeanAbsoluteAttribution[0][j]:G6},{result.MeanAttribution[1][j]:G6},{result.MeanAbsoluteAttribution[1][j]:G6}"));
            }
        });
        if (network is SPFusionNetwork)
        {
            stdout.WriteLine($"figure: {PaperFigures.ChannelAttention(ChannelAttention(network, stars), Path.Combine(output, "channel-attention.png"))}");
        }
        var report = new
        {
            model = NetworkVariants.CliName(network.Options.Variant),
            weights = Path.GetFileName(from),
            data = dataDir,
            stars = stars.Count,
            steps,
            baseline = median ? "median" : "zero",
            targets = regions,
            lines = RedClumpLines.All.Select(l => new { name = l.Name, air = l.AirAngstrom, vacuum = l.VacuumAngstrom }),
        };
        AtomicFile.WriteText(Path.Combine(output, "explain.json"), w => w.Write(JsonSerializer.Serialize(report, MetricsReport.Json)));
        stdout.WriteLine($"outputs in {Path.GetFullPath(output)}");
        return 0;
    }

    /// <summary>The SE channel weights [stars][96] of SPFusion's head, in inference mode.</summary>
    private static float[][] ChannelAttention(StarNetwork network, IReadOnlyList<AuthorsStar> stars)
    {
        network.eval();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var spectrum = tensor(stars.SelectMany(s => s.Spectrum).ToArray(), [stars.Count, 1, stars[0].Spectrum.Length]);
        var photometric = tensor(stars.SelectMany(s => s.Photometry).ToArray(), [stars.Count, 3, 128, 128]);
        using var output = network.forward(photometric, spectrum);
        var weights = output.ChannelAttention!.data<float>().ToArray();
        int channels = weights.Length / stars.Count;
        return Enumerable.Range(0, stars.Count).Select(s => weights.AsSpan(s * channels, channels).ToArray()).ToArray();
    }
}
