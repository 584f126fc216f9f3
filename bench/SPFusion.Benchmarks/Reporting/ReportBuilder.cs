using System.Globalization;
using SPFusion.Benchmarks.Infrastructure;

namespace SPFusion.Benchmarks.Reporting;

/// <summary>Turns the collected metrics into the table rows, comparing against PyTorch, ONNX Runtime and the goals of issue 8.</summary>
internal sealed class ReportBuilder
{
    // Quoted from the issue (astropy / Python on the authors' pipeline); not measured here.
    public const double AstropySpectraPerSecond = 346;
    public const double AstropyStarsPerSecond = 15.6;
    public const double PythonBz2QuotedSeconds = 0.46;

    private readonly IReadOnlyDictionary<string, Metric> _metrics;
    private readonly IReadOnlyDictionary<string, string> _missing;
    private readonly List<ReportRow> _rows = [];

    public ReportBuilder(IReadOnlyDictionary<string, Metric> metrics, IReadOnlyDictionary<string, string> missing)
    {
        _metrics = metrics;
        _missing = missing;
    }

    public IReadOnlyList<ReportRow> Build(int smallStars, int largeStars)
    {
        string torchTrain = Ref("py.train", "PyTorch eager");
        string torchInfer = Ref("py.infer", "PyTorch eager");
        Throughput("Training, in-memory tensors (batch 32, 2 threads)", "train.tensors", "py.train", torchTrain, 1.3, "x PyTorch eager");
        Throughput("Training, streamed through the ML.NET trainer", "train.trainer", "py.train", torchTrain, 1.3, "x PyTorch eager");
        Throughput("Inference, TorchSharp eval (batch 32)", "infer.torch.b32", "py.infer", torchInfer, null, "");
        Throughput("Inference, ONNX Runtime on the exported graph (batch 32)", "infer.ort.b32", "py.infer", torchInfer, null, "");
        Throughput("Inference, ONNX Runtime on the exported graph (batch 1)", "infer.ort.b1", "py.infer", torchInfer, null, "");
        Throughput("Inference, loaded ML.NET zip, Transform + cursor", "infer.mlnet.transform", "py.infer", torchInfer, 2, "x PyTorch eager");
        Throughput("Inference, loaded ML.NET zip, Transform + cursor", "infer.mlnet.transform", "infer.ort.b32.paired", Ref("infer.ort.b32.paired", "ONNX Runtime batch 32, same rows, alternated"), 0.85, "x raw ONNX Runtime (batch 32)");
        Throughput("Inference, loaded ML.NET zip, PredictionEngine", "infer.mlnet.engine", "py.infer", torchInfer, 2, "x PyTorch eager");
        Throughput("Inference, loaded ML.NET zip, PredictionEngine", "infer.mlnet.engine", "infer.ort.b32.paired", Ref("infer.ort.b32.paired", "ONNX Runtime batch 32, same rows, alternated"), 0.85, "x raw ONNX Runtime (batch 32)");
        string ortPaired = Ref("infer.ort.b32.paired", "ONNX Runtime batch 32, same rows, alternated");
        Throughput("Inference, loaded ML.NET zip, Transform + cursor, MLContext with 1 intra-op thread per ONNX session", "infer.mlnet.transform.intra1", "py.infer", torchInfer, 2, "x PyTorch eager");
        Throughput("Inference, loaded ML.NET zip, Transform + cursor, MLContext with 1 intra-op thread per ONNX session", "infer.mlnet.transform.intra1", "infer.ort.b32.paired", ortPaired, 0.85, "x raw ONNX Runtime (batch 32)");
        Throughput("Inference, model zip's graph through SPFusionBatchPredictor (batch 32)", "infer.mlnet.batchpredictor", "py.infer", torchInfer, 2, "x PyTorch eager");
        Throughput("Inference, model zip's graph through SPFusionBatchPredictor (batch 32)", "infer.mlnet.batchpredictor", "infer.ort.b32.paired", ortPaired, 0.85, "x raw ONNX Runtime (batch 32)");
        Throughput("(diagnosis) ML.NET zip Transform vs ONNX Runtime called row by row", "infer.mlnet.transform", "infer.ort.b1.defaults",
            Ref("infer.ort.b1.defaults", "ONNX Runtime batch 1, default session options as in OnnxTransformer"), null, "");
        Absolute("LAMOST DR10 spectra read + prepared (1 thread)", "prep.spectra", AstropySpectraPerSecond, "spectra/s", 3500);
        Absolute("LAMOST DR10 spectra read + prepared (2 threads)", "prep.spectra.parallel", AstropySpectraPerSecond, "spectra/s", 3500);
        Bz2();
        Absolute("Aligned g/r/i cut-outs, frames decoded (1 thread)", "prep.cutouts", AstropyStarsPerSecond, "stars/s", 500);
        Absolute("Aligned g/r/i cut-outs, frames decoded (2 threads)", "prep.cutouts.parallel", AstropyStarsPerSecond, "stars/s", 500);
        Lower("Decode one .bz2 SDSS frame, block decoder on 1 thread (seconds, lower is better)", "prep.bz2.raw.blocks1", "prep.bz2.raw.sharpziplib", "SharpZipLib, same run", null);
        Lower($"Decode one .bz2 SDSS frame, block decoder on all cores (seconds, lower is better)", "prep.bz2.raw.blocks", "prep.bz2.raw.sharpziplib", "SharpZipLib, same run", null);
        Lower("Per star, three distinct frames each: ReadAround + cut-out (seconds, lower is better)", "survey.distinct.window", "survey.distinct.whole", "whole-frame SharpZipLib decode + cut-out, same stars", 4);
        Lower("Per star, three distinct frames each: ReadAround + cut-out (seconds, lower is better)", "survey.distinct.window", "survey.distinct.whole.blocks", "whole-frame block-decoder decode + cut-out, same stars", 4);
        Memory(smallStars, largeStars);
        return _rows;
    }

    private string Ref(string key, string label) =>
        _metrics.TryGetValue(key, out var m) ? $"{F(m.Value)} {m.Unit} ({label})" : $"not measured: {Why(key)}";

    private string Why(string key) => _missing.TryGetValue(key, out var why) ? why : "no result";

    private string Ours(string key) => _metrics.TryGetValue(key, out var m) ? $"{F(m.Value)} {m.Unit}" : $"not measured: {Why(key)}";

    private void Throughput(string label, string ours, string reference, string referenceText, double? goal, string goalText)
    {
        double? ratio = _metrics.TryGetValue(ours, out var o) && _metrics.TryGetValue(reference, out var r) ? o.Value / r.Value : null;
        _rows.Add(new ReportRow(label, Ours(ours), referenceText, ratio,
            goal is { } g ? $">= {F(g)}{goalText}" : "", goal is { } g2 && ratio is { } x ? x >= g2 : null));
    }

    private void Absolute(string label, string ours, double quoted, string unit, double goal)
    {
        double? value = _metrics.TryGetValue(ours, out var o) ? o.Value : null;
        _rows.Add(new ReportRow(label, Ours(ours), $"{F(quoted)} {unit} (astropy, quoted, not measured here)", value / quoted,
            $">= {goal.ToString("#,0", CultureInfo.InvariantCulture)} {unit}", value is { } v ? v >= goal : null));
    }

    // Times where lower is better: the ratio is reference / ours ("x lower"), the goal a minimum of it.
    private void Lower(string label, string ours, string reference, string referenceLabel, double? goal)
    {
        double? ratio = _metrics.TryGetValue(ours, out var o) && _metrics.TryGetValue(reference, out var r) ? r.Value / o.Value : null;
        _rows.Add(new ReportRow(label, Ours(ours), Ref(reference, referenceLabel), ratio,
            goal is { } g ? $">= {F(g)}x lower" : "", goal is { } g2 && ratio is { } x ? x >= g2 : null));
    }

    private void Bz2()
    {
        double? ours = _metrics.TryGetValue("prep.bz2", out var o) ? o.Value : null;
        bool measured = _metrics.TryGetValue("py.bz2", out var p);
        double python = measured ? p!.Value : PythonBz2QuotedSeconds;
        string reference = measured
            ? $"{F(python)} s (Python bz2, measured here)"
            : $"{F(python)} s (Python bz2, quoted, not measured here: {Why("py.bz2")})";
        _rows.Add(new ReportRow("Decode one .bz2 SDSS frame (seconds, lower is better)", Ours("prep.bz2"), reference, ours / python,
            "<= 2x Python's time", ours is { } v ? v / python <= 2 : null));
    }

    private void Memory(int small, int large)
    {
        string smallKey = $"memory.peak.{small}", largeKey = $"memory.peak.{large}";
        _rows.Add(new ReportRow($"Peak RSS, trainer on {small} streamed stars", Kb(smallKey), "", null, "", null));
        double? ratio = _metrics.TryGetValue(smallKey, out var s) && _metrics.TryGetValue(largeKey, out var l) ? l.Value / s.Value : null;
        _rows.Add(new ReportRow($"Peak RSS, trainer on {large} streamed stars", Kb(largeKey), $"{Kb(smallKey)} ({small} stars)", ratio,
            $"<= 1.2x the {small}-star peak", ratio is { } r ? r <= 1.2 : null));
    }

    private string Kb(string key) => _metrics.TryGetValue(key, out var m) ? $"{F(m.Value / 1024)} MB" : $"not measured: {Why(key)}";

    public static string F(double v) => v switch
    {
        >= 100 => v.ToString("#,0", CultureInfo.InvariantCulture),
        >= 10 => v.ToString("0.0", CultureInfo.InvariantCulture),
        >= 1 => v.ToString("0.00", CultureInfo.InvariantCulture),
        _ => v.ToString("0.000", CultureInfo.InvariantCulture),
    };
}
