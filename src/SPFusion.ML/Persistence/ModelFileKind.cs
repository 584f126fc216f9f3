namespace SPFusion.ML.Persistence;

/// <summary>
/// The one rule for what a model path names, by its name alone: ending in <c>.onnx</c> (any case), a bare ONNX graph;
/// anything else, a model zip (for reading predictions) or a TorchSharp checkpoint (for starting weights). Decided by
/// name because a checkpoint and an ONNX file are both plain binaries; <see cref="OnnxModelZip.ReadGraph"/> alone sniffs
/// the content, as it accepts either kind of graph file under any name.
/// </summary>
internal static class ModelFileKind
{
    /// <summary>True when <paramref name="path"/> names an ONNX file.</summary>
    public static bool IsOnnx(string path) => string.Equals(Path.GetExtension(path), ".onnx", StringComparison.OrdinalIgnoreCase);
}
