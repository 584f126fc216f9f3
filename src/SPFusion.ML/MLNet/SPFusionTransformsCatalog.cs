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
    /// ML.NET does not expose a catalog's <see cref="MLContext"/> to third-party code, so this overload builds on a private
    /// context: the caller's ONNX session options (<c>mlContext.SetOnnxSessionOption</c>) and its <c>GpuDeviceId</c> and
    /// <c>FallbackToCpu</c> are not honoured (only <see cref="SPFusionModelOptions.GpuDeviceId"/> is); the overload taking
    /// an <see cref="MLContext"/> honours them.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="onnxModelPath">Path of the ONNX file.</param>
    /// <param name="options">Column names, score target, attention outputs and device.</param>
    /// <exception cref="ArgumentException">From the estimator's <c>GetOutputSchema</c> or <c>Fit</c>: the spectrum column is not a
    /// vector of 3,584 Single values, or (for graphs with a photometric input) the photometry column not one of 49,152.</exception>
    public static IEstimator<ITransformer> ApplySPFusionModel(this TransformsCatalog catalog, string onnxModelPath, SPFusionModelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return FromFile(new MLContext(), onnxModelPath, options);
    }

    /// <summary>
    /// As <see cref="ApplySPFusionModel(TransformsCatalog, string, SPFusionModelOptions?)"/>, built on
    /// <paramref name="mlContext"/> so ONNX Runtime uses its session options and, unless
    /// <see cref="SPFusionModelOptions.GpuDeviceId"/> is set, its <c>GpuDeviceId</c> and <c>FallbackToCpu</c>
    /// (ML.NET's catalogs do not expose their context, hence the extra argument).
    /// </summary>
    /// <param name="catalog">The transforms catalog (of <paramref name="mlContext"/>).</param>
    /// <param name="mlContext">The context whose ONNX settings the model runs with.</param>
    /// <param name="onnxModelPath">Path of the ONNX file.</param>
    /// <param name="options">Column names, score target, attention outputs and device.</param>
    public static IEstimator<ITransformer> ApplySPFusionModel(this TransformsCatalog catalog, MLContext mlContext, string onnxModelPath, SPFusionModelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(mlContext);
        return FromFile(mlContext, onnxModelPath, options);
    }

    /// <summary>
    /// As <see cref="ApplySPFusionModel(TransformsCatalog, string, SPFusionModelOptions?)"/>, from the ONNX bytes; likewise
    /// built on a private context that ignores the caller's ONNX session options, <c>GpuDeviceId</c> and <c>FallbackToCpu</c>.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="onnxModel">The ONNX file's bytes.</param>
    /// <param name="source">Name used in error messages.</param>
    /// <param name="options">Column names, score target, attention outputs and device.</param>
    public static IEstimator<ITransformer> ApplySPFusionModel(this TransformsCatalog catalog, byte[] onnxModel, string source = "ONNX model", SPFusionModelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return OnnxPipelineComposer.Compose(new MLContext(), onnxModel, source, options);
    }

    /// <summary>
    /// As <see cref="ApplySPFusionModel(TransformsCatalog, MLContext, string, SPFusionModelOptions?)"/>, from the ONNX bytes.
    /// </summary>
    /// <param name="catalog">The transforms catalog (of <paramref name="mlContext"/>).</param>
    /// <param name="mlContext">The context whose ONNX settings the model runs with.</param>
    /// <param name="onnxModel">The ONNX file's bytes.</param>
    /// <param name="source">Name used in error messages.</param>
    /// <param name="options">Column names, score target, attention outputs and device.</param>
    public static IEstimator<ITransformer> ApplySPFusionModel(this TransformsCatalog catalog, MLContext mlContext, byte[] onnxModel, string source = "ONNX model", SPFusionModelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(mlContext);
        return OnnxPipelineComposer.Compose(mlContext, onnxModel, source, options);
    }

    private static IEstimator<ITransformer> FromFile(MLContext mlContext, string onnxModelPath, SPFusionModelOptions? options)
    {
        if (!File.Exists(onnxModelPath)) throw new FileNotFoundException($"ONNX model not found: {onnxModelPath}", onnxModelPath);
        // The OnnxTransformer runs the caller's file itself, so no copy is left behind.
        return OnnxPipelineComposer.Compose(mlContext, File.ReadAllBytes(onnxModelPath), onnxModelPath, options, Path.GetFullPath(onnxModelPath));
    }
}
