using Microsoft.ML.OnnxRuntime;

namespace SPFusion.ML.Onnx.Export;

/// <summary>
/// A thin ONNX Runtime session over float32 inputs and outputs, so exported graphs can be checked and timed
/// without ML.NET's schema machinery.
/// </summary>
internal sealed class OnnxModelRunner : IDisposable
{
    private readonly InferenceSession _session;

    /// <summary>Loads a model from bytes; <paramref name="intraOpThreads"/> 0 lets ONNX Runtime choose.</summary>
    public OnnxModelRunner(byte[] model, int intraOpThreads = 0)
    {
        using var options = Persistence.OnnxSessionSettings.Create(intraOpThreads);
        _session = Persistence.OnnxSessionSettings.Open(model, options);
    }

    /// <summary>Loads a model file.</summary>
    public OnnxModelRunner(string path, int intraOpThreads = 0)
        : this(File.ReadAllBytes(path), intraOpThreads)
    {
    }

    /// <summary>Input names in graph order.</summary>
    public IReadOnlyList<string> InputNames => _session.InputNames;

    /// <summary>Output names in graph order.</summary>
    public IReadOnlyList<string> OutputNames => _session.OutputNames;

    /// <summary>Each input's name and dimensions in graph order; symbolic dimensions (the batch) are -1.</summary>
    public IReadOnlyList<(string Name, long[] Dimensions)> InputShapes =>
        _session.InputNames.Select(n => (n, _session.InputMetadata[n].Dimensions.Select(d => (long)d).ToArray())).ToList();

    /// <summary>Model-level metadata properties written by the exporter (or any producer).</summary>
    public IReadOnlyDictionary<string, string> CustomMetadata => _session.ModelMetadata.CustomMetadataMap;

    /// <summary>Runs the graph on named float32 inputs; returns every output's values and shape.</summary>
    /// <remarks>
    /// Runs on <see cref="Persistence.OnnxThread"/>, where subnormals are flushed: the calling thread takes part in the
    /// intra-op work, and on a thread without the flush the authors' file (which holds subnormal weights) scored about 7
    /// times slower than the same network exported by this package.
    /// </remarks>
    public IReadOnlyDictionary<string, (float[] Values, long[] Shape)> Run(IReadOnlyDictionary<string, (float[] Values, long[] Shape)> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return Persistence.OnnxThread.Invoke(() => RunHere(inputs));
    }

    private Dictionary<string, (float[] Values, long[] Shape)> RunHere(IReadOnlyDictionary<string, (float[] Values, long[] Shape)> inputs)
    {
        var names = inputs.Keys.ToArray();
        var values = new OrtValue[names.Length];
        try
        {
            for (int i = 0; i < names.Length; i++)
                values[i] = OrtValue.CreateTensorValueFromMemory(inputs[names[i]].Values, inputs[names[i]].Shape);
            using var runOptions = new RunOptions();
            using var results = _session.Run(runOptions, names, values, _session.OutputNames);
            var outputs = new Dictionary<string, (float[], long[])>(StringComparer.Ordinal);
            for (int i = 0; i < results.Count; i++)
            {
                var info = results[i].GetTensorTypeAndShape();
                outputs[_session.OutputNames[i]] = (results[i].GetTensorDataAsSpan<float>().ToArray(), info.Shape);
            }
            return outputs;
        }
        finally
        {
            foreach (var v in values) v?.Dispose();
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _session.Dispose();
}
