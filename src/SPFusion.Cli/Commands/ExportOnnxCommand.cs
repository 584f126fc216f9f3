using System.CommandLine;
using System.Globalization;
using Microsoft.ML;
using Onnx;
using SPFusion.Cli.CommandLine;
using SPFusion.ML.Network;
using SPFusion.ML.Onnx.Export;
using SPFusion.ML.Onnx.Uncertainty;
using SPFusion.ML.Persistence;
using SPFusion.Transforms.Datasets;

namespace SPFusion.Cli.Commands;

/// <summary>
/// <c>spfusion export-onnx</c>: loads weights (the authors' published ONNX file through the importer, or one of this
/// package's TorchSharp checkpoints) and writes them as this package's self-describing ONNX graph, or with
/// <c>--mc-dropout T</c> as Monte Carlo dropout's graph (T passes with the dropout active, their mean and spread), as an
/// ONNX file or, for an <c>--out</c> ending in <c>.zip</c>, a model zip.
/// </summary>
internal sealed class ExportOnnxCommand : ICliCommand
{
    /// <inheritdoc/>
    public string Name => "export-onnx";

    /// <inheritdoc/>
    public string Summary => "write a network's weights (published ONNX or checkpoint) as an ONNX model for ONNX Runtime / ML.NET (--mc-dropout: with an uncertainty)";

    /// <inheritdoc/>
    public IEnumerable<Symbol> Symbols => [_from, _out, .. _network.Symbols, _mcDropout, _seed, _compareSpeed, _threads, _batch, _runs];

    private readonly NetworkArguments _network = new();

    private readonly Option<string?> _from = CliOptions.Text("--from", "published|FILE.onnx|checkpoint",
        "FILE.onnx is imported as the authors' published model (published configuration; no model flags); any other file is a " +
        "TorchSharp checkpoint saved by this package, and the model flags must match its configuration", required: true);

    private readonly Option<string?> _out = CliOptions.Text("--out", "FILE.onnx|model.zip",
        "the ONNX file to write; with --mc-dropout a path ending in .zip is written as a model zip (for predict, evaluate, ML.NET)", required: true);

    private readonly Option<int?> _mcDropout = CliOptions.Int("--mc-dropout",
        "write Monte Carlo dropout's graph: T passes (at least 2) with the network's dropout and drop-path active, giving their mean " +
        "as the prediction and their standard deviation as mass_sigma, age_sigma; inference costs at most T passes", min: 2);

    private readonly Option<int?> _seed = CliOptions.Int("--seed", "with --mc-dropout: seed of the dropout masks, stored in the graph (default 42)");

    private readonly Option<bool> _compareSpeed = CliOptions.Flag("--compare-speed",
        "(ONNX --from only) time ONNX Runtime on the written file against the --from file");

    private readonly Option<int?> _threads = CliOptions.Int("--threads", "with --compare-speed: intra-op threads (default 2)", min: 1);

    private readonly Option<int?> _batch = CliOptions.Int("--batch", "with --compare-speed: batch (default 32)", min: 1);

    private readonly Option<int?> _runs = CliOptions.Int("--runs", "with --compare-speed: timed runs (default 20)", min: 1);

    /// <inheritdoc/>
    public int Run(ParseResult args, TextWriter stdout, TextWriter stderr)
    {
        string from = PublishedModel.Resolve(args.GetValue(_from)!);
        string output = args.GetValue(_out)!;
        var options = _network.Read(args, out bool anyModelFlag);
        bool compareSpeed = args.GetValue(_compareSpeed);
        int? threads = args.GetValue(_threads), batch = args.GetValue(_batch), runs = args.GetValue(_runs);
        int? passes = args.GetValue(_mcDropout), seed = args.GetValue(_seed);

        bool fromOnnx = ModelFileKind.IsOnnx(from);
        if (IsZip(from))
        {
            throw new CliUsageException($"--from {from} is a model zip: its ONNX graph has the batch norms folded in and cannot be read back into a network; " +
                "give the TorchSharp checkpoint it was trained into (train --weights) or the published ONNX file");
        }
        if (fromOnnx && anyModelFlag)
            throw new CliUsageException("--from is an ONNX file, imported as the published configuration; model flags apply to checkpoints only");
        if (passes is not null && compareSpeed)
            throw new CliUsageException("--mc-dropout and --compare-speed cannot be combined: the speed comparison times a single pass against the --from file");
        if (compareSpeed && !fromOnnx)
            throw new CliUsageException("--compare-speed compares against an ONNX --from file; a checkpoint has no ONNX graph to compare with");
        if (!compareSpeed && (threads ?? batch ?? runs) is not null)
            throw new CliUsageException("--threads, --batch and --runs only apply with --compare-speed");
        if (passes is null && seed is not null)
            throw new CliUsageException("--seed only applies with --mc-dropout");
        // The published file is imported with the published configuration, whatever the flags say.
        if (passes is not null && MonteCarloDropoutGraph.NoDropoutReason(fromOnnx ? NetworkOptions.Published : options) is { } noDropout)
            throw new CliUsageException($"--mc-dropout: {noDropout}");
        InputFile.Require("--from", from);
        new OutputPath().InputFile("--from", from).Check("--out", output);

        using StarNetwork network = NetworkFile.Load(from, options);
        var metadata = new OnnxExportMetadata { WeightsSource = Path.GetFileName(from) };
        byte[] written;
        if (passes is int t)
        {
            written = MonteCarloDropoutGraph.Export(network, t, seed ?? 42, metadata);
            if (IsZip(output)) OnnxModelZip.Save(new MLContext(), written, output, options: null, input: null);
            else AtomicFile.Write(output, stream => stream.Write(written));
        }
        else
        {
            AtomicFile.Write(output, stream => OnnxExporter.ExportToStream(network, stream, metadata));
            written = File.ReadAllBytes(output);
        }

        stdout.WriteLine($"wrote {Path.GetFullPath(output)}");
        stdout.WriteLine($"model {NetworkVariants.CliName(network.Options.Variant)}: {network.TrainableParameterCount().ToString("N0", CultureInfo.InvariantCulture)} parameters " +
            $"({StoredValues(written).ToString("N0", CultureInfo.InvariantCulture)} stored weights after folding batch norms)");
        if (passes is not null)
        {
            string rates = string.Join(", ", MonteCarloDropoutGraph.Rates(network.Options).Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Name} {r.Rate}")));
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Monte Carlo dropout: {passes} passes, seed {seed ?? 42} ({rates}); outputs prediction (the passes' mean), prediction_sigma and dropout_sigma (their standard deviation); {written.Length:N0} bytes of ONNX"));
        }
        if (compareSpeed)
        {
            var result = OnnxSpeedComparison.Run(from, output, threads ?? 2, batch ?? 32, runs ?? 20);
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"speed (ONNX Runtime, {result.IntraOpThreads} threads, batch {result.Batch}, median of {result.Runs} runs): " +
                $"{Path.GetFileName(from)} {result.ReferenceMedianMilliseconds:F1} ms, {Path.GetFileName(output)} {result.CandidateMedianMilliseconds:F1} ms, ratio {result.Ratio:F3}"));
        }
        return 0;
    }

    private static bool IsZip(string path) => string.Equals(Path.GetExtension(path), ".zip", StringComparison.OrdinalIgnoreCase);

    private static long StoredValues(byte[] onnx)
    {
        var model = ModelProto.Parser.ParseFrom(onnx);
        // Weights only: float tensors of rank >= 1 (scalar constants and int64 shapes are plumbing, MC dropout masks no weights).
        return model.Graph.Initializer
            .Where(t => t.DataType == (int)TensorProto.Types.DataType.Float && t.Dims.Count > 0 && !t.Name.EndsWith("/mask", StringComparison.Ordinal))
            .Sum(t => t.Dims.Aggregate(1L, (a, d) => a * d));
    }
}
