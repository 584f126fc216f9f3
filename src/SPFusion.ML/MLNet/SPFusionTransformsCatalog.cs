using Microsoft.ML;
using SPFusion.ML.Persistence;

namespace SPFusion.ML.MLNet;

/// <summary>ML.NET catalog entry points for running an SPFusion ONNX model (published or exported by this package).</summary>
public static class SPFusionTransformsCatalog
{
    /// <summary>
    /// Predicts mass and age with an SPFusion ONNX file (the authors' published weights or this package's export), run
    /// by ML.NET's OnnxTransformer in <paramref name="mlContext"/> (its ONNX session options, <c>GpuDeviceId</c> and
    /// <c>FallbackToCpu</c> apply unless <see cref="SPFusionModelOptions.GpuDeviceId"/> is set). The context is an
    /// argument because ML.NET's catalogs do not expose theirs to third-party code (<c>CatalogUtils</c> is internal).
    /// Output columns: <c>PredictedMass</c>, <c>PredictedAge</c>, <c>Score</c> and, on request, <c>ChannelAttention</c>
    /// and <c>FusionAttention</c>; a graph with an uncertainty (output <c>prediction_sigma</c>, e.g. an ensemble of
    /// <see cref="SPFusionEnsemble"/>) adds <c>MassSigma</c> and <c>AgeSigma</c>. The fitted model saves into a zip with <c>mlContext.Model.Save</c>; load it with
    /// <see cref="SPFusionModelFile.Load(MLContext, string)"/> (or register this assembly with
    /// <c>mlContext.ComponentCatalog.RegisterAssembly(typeof(SPFusionTransformsCatalog).Assembly)</c> before <c>mlContext.Model.Load</c>).
    /// </summary>
    /// <param name="catalog">The transforms catalog (of <paramref name="mlContext"/>).</param>
    /// <param name="mlContext">The context whose ONNX settings the model runs with.</param>
    /// <param name="onnxModelPath">Path of the ONNX file; the OnnxTransformer runs the caller's file itself.</param>
    /// <param name="options">Column names, score target, attention outputs and device.</param>
    /// <exception cref="ArgumentException">From the estimator's <c>GetOutputSchema</c> or <c>Fit</c>: the spectrum column is not a
    /// vector of 3,584 Single values, or (for graphs with a photometric input) the photometry column not one of 49,152.</exception>
    public static IEstimator<ITransformer> ApplySPFusionModel(this TransformsCatalog catalog, MLContext mlContext, string onnxModelPath, SPFusionModelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(mlContext);
        if (!File.Exists(onnxModelPath)) throw new FileNotFoundException($"ONNX model not found: {onnxModelPath}", onnxModelPath);
        // The OnnxTransformer runs the caller's file itself, so no copy is left behind.
        return OnnxPipelineComposer.Compose(mlContext, File.ReadAllBytes(onnxModelPath), onnxModelPath, options, Path.GetFullPath(onnxModelPath));
    }

    /// <summary>
    /// As <see cref="ApplySPFusionModel(TransformsCatalog, MLContext, string, SPFusionModelOptions?)"/>, from the ONNX
    /// bytes (held in a temporary file while the model lives). Internal: the tests' in-memory graphs; users give a file.
    /// </summary>
    /// <param name="catalog">The transforms catalog (of <paramref name="mlContext"/>).</param>
    /// <param name="mlContext">The context whose ONNX settings the model runs with.</param>
    /// <param name="onnxModel">The ONNX model bytes.</param>
    /// <param name="source">Names the model in error messages.</param>
    /// <param name="options">Column names, score target, attention outputs and device; null: the defaults.</param>
    internal static IEstimator<ITransformer> ApplySPFusionModel(this TransformsCatalog catalog, MLContext mlContext, byte[] onnxModel, string source, SPFusionModelOptions? options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(mlContext);
        return OnnxPipelineComposer.Compose(mlContext, onnxModel, source, options);
    }
}
