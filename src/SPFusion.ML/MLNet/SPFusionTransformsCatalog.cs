using Microsoft.ML;
using SPFusion.ML.Persistence;

namespace SPFusion.ML.MLNet;

/// <summary>ML.NET catalog entry points for running an SPFusion ONNX model (published or exported by this package).</summary>
public static class SPFusionTransformsCatalog
{
    /// <summary>
    /// Predicts mass and age with an SPFusion ONNX file (the authors' published weights or this package's export).
    /// Output columns: <c>PredictedMass</c>, <c>PredictedAge</c>, <c>Score</c> and, on request, <c>ChannelAttention</c>
    /// and <c>FusionAttention</c>. The fitted model saves into a zip with <c>mlContext.Model.Save</c>; before
    /// <c>mlContext.Model.Load</c> register this assembly with <c>mlContext.ComponentCatalog.RegisterAssembly(typeof(SPFusionTransformsCatalog).Assembly)</c>.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="onnxModelPath">Path of the ONNX file.</param>
    /// <param name="options">Column names, score target, attention outputs and device.</param>
    public static IEstimator<ITransformer> ApplySPFusionModel(this TransformsCatalog catalog, string onnxModelPath, SPFusionModelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        if (!File.Exists(onnxModelPath)) throw new FileNotFoundException($"ONNX model not found: {onnxModelPath}", onnxModelPath);
        // The OnnxTransformer runs the caller's file itself, so no copy is left behind.
        return OnnxPipelineComposer.Compose(new MLContext(), File.ReadAllBytes(onnxModelPath), onnxModelPath, options, Path.GetFullPath(onnxModelPath));
    }

    /// <summary>As <see cref="ApplySPFusionModel(TransformsCatalog, string, SPFusionModelOptions?)"/>, from the ONNX bytes.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="onnxModel">The ONNX file's bytes.</param>
    /// <param name="source">Name used in error messages.</param>
    /// <param name="options">Column names, score target, attention outputs and device.</param>
    public static IEstimator<ITransformer> ApplySPFusionModel(this TransformsCatalog catalog, byte[] onnxModel, string source = "ONNX model", SPFusionModelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        // ML.NET does not expose a catalog's MLContext to third-party code; the built-in transformers composed here
        // neither log nor draw random numbers, so a private context is equivalent.
        return OnnxPipelineComposer.Compose(new MLContext(), onnxModel, source, options);
    }
}
