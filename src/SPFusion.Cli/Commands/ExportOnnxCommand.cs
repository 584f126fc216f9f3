using System.CommandLine;
using System.Globalization;
using Onnx;
using SPFusion.Cli.CommandLine;
using SPFusion.ML.Network;
using SPFusion.ML.Onnx.Export;
using SPFusion.Transforms.Datasets;

namespace SPFusion.Cli.Commands;

/// <summary>
/// <c>spfusion export-onnx</c>: loads weights (the authors' published ONNX file through the importer, or one of this
/// package's TorchSharp checkpoints) and writes them as this package's self-describing ONNX graph.
/// </summary>
internal sealed class ExportOnnxCommand : ICliCommand
{
    /// <inheritdoc/>
    public string Name => "export-onnx";

    /// <inheritdoc/>
    public string Summary => "write a network's weights (published ONNX or checkpoint) as an ONNX model for ONNX Runtime / ML.NET";

    /// <inheritdoc/>
    public IEnumerable<Symbol> Symbols => [_from, _out, .. _network.Symbols, _compareSpeed, _threads, _batch, _runs];

    private readonly NetworkArguments _network = new();

    private readonly Option<string?> _from = CliOptions.Text("--from", "published|FILE.onnx|checkpoint",
        "FILE.onnx is imported as the authors' published model (published configuration; no model flags); any other file is a " +
        "TorchSharp checkpoint saved by this package, and the model flags must match its configuration", required: true);

    private readonly Option<string?> _out = CliOptions.Text("--out", "FILE.onnx", "the ONNX file to write", required: true);

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

        bool fromOnnx = NetworkFile.IsOnnx(from);
        if (fromOnnx && anyModelFlag)
            throw new CliUsageException("--from is an ONNX file, imported as the published configuration; model flags apply to checkpoints only");
        if (compareSpeed && !fromOnnx)
            throw new CliUsageException("--compare-speed compares against an ONNX --from file; a checkpoint has no ONNX graph to compare with");
        if (!compareSpeed && (threads ?? batch ?? runs) is not null)
            throw new CliUsageException("--threads, --batch and --runs only apply with --compare-speed");
        InputFile.Require("--from", from);
        new OutputPath().InputFile("--from", from).Check("--out", output);

        using StarNetwork network = NetworkFile.Load(from, options);
        AtomicFile.Write(output, stream => OnnxExporter.ExportToStream(network, stream, new OnnxExportMetadata { WeightsSource = Path.GetFileName(from) }));

        stdout.WriteLine($"wrote {Path.GetFullPath(output)}");
        stdout.WriteLine($"model {NetworkVariants.CliName(network.Options.Variant)}: {network.TrainableParameterCount().ToString("N0", CultureInfo.InvariantCulture)} parameters " +
            $"({StoredValues(output).ToString("N0", CultureInfo.InvariantCulture)} stored weights after folding batch norms)");
        if (compareSpeed)
        {
            var result = OnnxSpeedComparison.Run(from, output, threads ?? 2, batch ?? 32, runs ?? 20);
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"speed (ONNX Runtime, {result.IntraOpThreads} threads, batch {result.Batch}, median of {result.Runs} runs): " +
                $"{Path.GetFileName(from)} {result.ReferenceMedianMilliseconds:F1} ms, {Path.GetFileName(output)} {result.CandidateMedianMilliseconds:F1} ms, ratio {result.Ratio:F3}"));
        }
        return 0;
    }

    private static long StoredValues(string path)
    {
        using var stream = File.OpenRead(path);
        var model = ModelProto.Parser.ParseFrom(stream);
        // Weights only: float tensors of rank >= 1 (scalar constants and int64 shapes are plumbing).
        return model.Graph.Initializer
            .Where(t => t.DataType == (int)TensorProto.Types.DataType.Float && t.Dims.Count > 0)
            .Sum(t => t.Dims.Aggregate(1L, (a, d) => a * d));
    }
}
