using Microsoft.ML;
using Microsoft.ML.Data;
using SPFusion.ML.Network;
using SPFusion.ML.Training;

namespace SPFusion.ML.Persistence;

/// <summary>
/// A trained SPFusion model: the ML.NET chain (OnnxTransformer running the exported network plus the registered
/// output mapping) together with what training produced. Saving writes only the chain, which ML.NET can persist;
/// <c>mlContext.Model.Load</c> therefore returns that chain (a <see cref="TransformerChain{T}"/>) with identical
/// predictions, after <c>mlContext.ComponentCatalog.RegisterAssembly(typeof(SPFusionPredictionTransformer).Assembly)</c>.
/// Dispose it when done: the OnnxTransformer runs the graph from a temporary file, deleted on disposal (or at process
/// exit). A chain loaded with <c>mlContext.Model.Load</c> likewise keeps ML.NET's copy until disposed.
/// </summary>
public sealed class SPFusionPredictionTransformer : ITransformer, IDisposable
{
    private readonly string? _modelFile;

    internal SPFusionPredictionTransformer(ITransformer model, byte[] onnxModel, NetworkOptions network, TrainingHistory history, string? modelFile = null)
    {
        _modelFile = modelFile;
        Model = model;
        OnnxModel = onnxModel;
        Network = network;
        History = history;
    }

    /// <summary>The temporary file the OnnxTransformer runs, when this package wrote it (deleted on disposal).</summary>
    internal string? ModelFile => _modelFile;

    /// <summary>The persistable ML.NET chain that does the predicting.</summary>
    public ITransformer Model { get; }

    /// <summary>The exported ONNX graph of the best weights (inputs <c>photometric</c>, <c>spectrum</c>; outputs <c>prediction</c>, ...).</summary>
    public byte[] OnnxModel { get; }

    /// <summary>Network configuration that was trained.</summary>
    public NetworkOptions Network { get; }

    /// <summary>Epoch-by-epoch training history.</summary>
    public TrainingHistory History { get; }

    /// <inheritdoc/>
    public bool IsRowToRowMapper => Model.IsRowToRowMapper;

    /// <inheritdoc/>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => Model.GetOutputSchema(inputSchema);

    /// <inheritdoc/>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => Model.GetRowToRowMapper(inputSchema);

    /// <inheritdoc/>
    public IDataView Transform(IDataView input) => Model.Transform(input);

    /// <summary>Writes the ONNX graph to a file, e.g. for ONNX Runtime outside ML.NET.</summary>
    public void SaveOnnx(string path) => File.WriteAllBytes(path, OnnxModel);

    void ICanSaveModel.Save(ModelSaveContext ctx) => Model.Save(ctx);

    /// <summary>Disposes the chain (closing its ONNX Runtime session) and deletes the graph's temporary file.</summary>
    public void Dispose()
    {
        (Model as IDisposable)?.Dispose();
        if (_modelFile is not null) TemporaryModelFiles.Delete(_modelFile);
    }
}
