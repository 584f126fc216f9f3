using Microsoft.ML.OnnxRuntime;
using SPFusion.ML;
using SPFusion.Transforms;

namespace SPFusion.Benchmarks.Inference;

/// <summary>Raw ONNX Runtime over a list of <see cref="StarInput"/> rows, batched, asking only for <c>prediction</c>.</summary>
internal sealed class OnnxRuntimeBatch : IDisposable
{
    private readonly SessionOptions _options;
    private readonly InferenceSession _session;
    private readonly float[] _photometric, _spectrum;

    public OnnxRuntimeBatch(string onnxPath, IReadOnlyList<StarInput> rows)
    {
        _options = SPFusion.ML.Persistence.OnnxSessionSettings.Create(Infrastructure.BenchContext.Threads);
        _session = new InferenceSession(onnxPath, _options);
        _photometric = rows.SelectMany(r => r.Photometry).ToArray();
        _spectrum = rows.SelectMany(r => r.Spectrum).ToArray();
    }

    public void Run(int first, int count)
    {
        using var photometric = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance,
            _photometric.AsMemory(first * SPFusionShapes.PhotometryLength, count * SPFusionShapes.PhotometryLength),
            [count, 3, SPFusionShapes.ImageSize, SPFusionShapes.ImageSize]);
        using var spectrum = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance,
            _spectrum.AsMemory(first * SPFusionShapes.SpectrumLength, count * SPFusionShapes.SpectrumLength),
            [count, 1, SPFusionShapes.SpectrumLength]);
        using var runOptions = new RunOptions();
        using var results = _session.Run(runOptions, new Dictionary<string, OrtValue> { ["photometric"] = photometric, ["spectrum"] = spectrum }, ["prediction"]);
        if (results[0].GetTensorDataAsSpan<float>().Length != 2 * count) throw new InvalidOperationException("unexpected prediction size");
    }

    public void Dispose()
    {
        _session.Dispose();
        _options.Dispose();
    }
}
