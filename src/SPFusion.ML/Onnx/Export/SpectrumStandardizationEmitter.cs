using SPFusion.ML.Network;
using SPFusion.Transforms;

namespace SPFusion.ML.Onnx.Export;

/// <summary>Emits the per-pixel spectrum standardisation as Sub and Mul on [1,1,3584] constants, or nothing when it is the identity.</summary>
internal static class SpectrumStandardizationEmitter
{
    /// <summary>Returns the standardised spectrum's value name (<paramref name="spectrum"/> itself for the identity, so the published graph is unchanged).</summary>
    public static string Emit(OnnxGraphBuilder graph, string spectrum, SpectrumStandardization standardization, string name)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(standardization);
        if (standardization.IsIdentity) return spectrum;
        long[] dims = [1, 1, SPFusionShapes.SpectrumLength];
        string mean = graph.AddInitializer(name + ".mean", standardization.Mean, dims);
        string scale = graph.AddInitializer(name + ".scale", standardization.Scale, dims);
        string centred = graph.AddNode("Sub", [spectrum, mean], name + "/sub");
        return graph.AddNode("Mul", [centred, scale], name + "/mul");
    }
}
