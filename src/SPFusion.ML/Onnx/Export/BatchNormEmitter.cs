using TorchSharp.Modules;

namespace SPFusion.ML.Onnx.Export;

/// <summary>
/// An eval-mode batch norm that cannot be folded into a convolution (RAC-Net normalises after the ReLU; folding it
/// into the next convolution would be wrong where that convolution reads its zero padding): Mul and Add with the
/// per-channel scale and shift, broadcast over the length (and width).
/// </summary>
internal static class BatchNormEmitter
{
    /// <summary>Emits <paramref name="norm"/> on an [N,C,...] input with <paramref name="spatialDimensions"/> trailing axes.</summary>
    public static string Emit(OnnxGraphBuilder graph, string input, BatchNorm norm, int spatialDimensions, string name)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var (scale, shift) = BatchNormFolding.Affine(norm);
        long[] dims = [scale.Length, .. Enumerable.Repeat(1L, spatialDimensions)];
        string s = graph.AddInitializer(name + ".scale", scale.Select(v => (float)v).ToArray(), dims);
        string b = graph.AddInitializer(name + ".shift", shift.Select(v => (float)v).ToArray(), dims);
        string scaled = graph.AddNode("Mul", [input, s], name + "/mul");
        return graph.AddNode("Add", [scaled, b], name + "/add");
    }
}
