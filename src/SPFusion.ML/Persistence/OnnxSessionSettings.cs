using Microsoft.ML.OnnxRuntime;

namespace SPFusion.ML.Persistence;

/// <summary>The one place ONNX Runtime sessions that score SPFusion graphs get their options.</summary>
internal static class OnnxSessionSettings
{
    /// <summary>Full graph optimisation, <paramref name="intraOpThreads"/> threads, and denormals flushed to zero.</summary>
    /// <remarks>
    /// The authors' published .onnx file holds subnormal weights, which x86 multiplies about 100 times slower: one 3x3
    /// convolution of the image branch (ResNet10-T layer1.0.conv1) took 98% of a batch, 47 ms per star on one thread,
    /// 4.2 ms with denormals flushed. Graphs this package exports store such weights as zero (<see cref="Runtime.Subnormals"/>),
    /// but that file is also scored as it is, and a model can drive activations into that range. The values flushed are
    /// below 1.2e-38, far under float32's resolution of the outputs. ONNX Runtime applies the setting to its own worker
    /// threads per session, but to the calling thread only once per process, from the first session created
    /// (<c>std::call_once</c> in <c>InferenceSession</c>): every session this package creates uses these options and is
    /// created on <see cref="OnnxThread"/>, where its batches run too, and the package creates its own sessions before it
    /// lets ML.NET's <c>OnnxTransformer</c> create one.
    /// </remarks>
    /// <param name="intraOpThreads">Intra-op threads.</param>
    /// <param name="allowSpinning">Whether idle intra-op threads spin (ONNX Runtime's default) or sleep until work comes.</param>
    public static SessionOptions Create(int intraOpThreads, bool allowSpinning = true)
    {
#pragma warning disable RS0030 // the one place SessionOptions are made (src/BannedSymbols.txt)
        var options = new SessionOptions { IntraOpNumThreads = intraOpThreads, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
#pragma warning restore RS0030
        options.AddSessionConfigEntry("session.set_denormal_as_zero", "1");
        if (!allowSpinning) options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        return options;
    }

    /// <summary>A one-thread session over a model file, e.g. to validate an export.</summary>
    public static InferenceSession Open(string path)
    {
        using var options = Create(1);
        return OnnxThread.Invoke(() => new InferenceSession(path, options));
    }

    /// <summary>A one-thread session over model bytes, e.g. to validate an export.</summary>
    public static InferenceSession Open(byte[] model)
    {
        using var options = Create(1);
        return OnnxThread.Invoke(() => new InferenceSession(model, options));
    }

    /// <summary>A session over model bytes with <paramref name="options"/>, created on <see cref="OnnxThread"/>.</summary>
    public static InferenceSession Open(byte[] model, SessionOptions options) => OnnxThread.Invoke(() => new InferenceSession(model, options));
}
