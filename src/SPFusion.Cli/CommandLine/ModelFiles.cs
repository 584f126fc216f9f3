using Microsoft.ML;
using SPFusion.ML.MLNet;
using SPFusion.ML.Persistence;
using SPFusion.Transforms.MLNet;

namespace SPFusion.Cli.CommandLine;

/// <summary>Loads a model for prediction: an ML.NET zip written by this package, or an ONNX file (published or exported).</summary>
internal static class ModelFiles
{
    public static ITransformer Load(MLContext ml, string path, IDataView data)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"model not found: {path}", path);
        if (path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
            return ml.Transforms.ApplySPFusionModel(path).Fit(data);
        ml.ComponentCatalog.RegisterAssembly(typeof(SPFusionPredictionTransformer).Assembly);
        ml.ComponentCatalog.RegisterAssembly(typeof(SurveyTransformsCatalog).Assembly);
        try
        {
            return ml.Model.Load(path, out _);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or InvalidDataException or ArgumentException)
        {
            throw new InvalidDataException($"{path}: not a loadable SPFusion model zip ({ex.Message})", ex);
        }
    }
}
