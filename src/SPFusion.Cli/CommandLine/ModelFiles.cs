using Microsoft.ML;
using SPFusion.ML.MLNet;
using SPFusion.ML.Persistence;

namespace SPFusion.Cli.CommandLine;

/// <summary>Loads a model for prediction: an ML.NET zip written by this package (verified), or an ONNX file (published or exported).</summary>
internal static class ModelFiles
{
    public static ITransformer Load(MLContext ml, string path, IDataView data)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"model not found: {path}", path);
        return path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase)
            ? ml.Transforms.ApplySPFusionModel(ml, path).Fit(data)
            : SPFusionModelFile.Load(ml, path);
    }
}
