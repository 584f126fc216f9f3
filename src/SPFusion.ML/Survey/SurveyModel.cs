using SPFusion.ML.Persistence;

namespace SPFusion.ML.Survey;

/// <summary>Opens a survey run's model file (ONNX graph or model zip) as a batch predictor, naming the file in every refusal.</summary>
internal static class SurveyModel
{
    /// <summary>Opens <paramref name="path"/>; <paramref name="fusion"/> says whether it must take photometry (true) or must not (false).</summary>
    public static SPFusionBatchPredictor Open(string path, bool fusion, string role, SPFusionBatchOptions options)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{role} not found: {path}", path);
        SPFusionBatchPredictor predictor;
        try
        {
            predictor = ModelFileKind.IsOnnx(path)
                ? new SPFusionBatchPredictor(File.ReadAllBytes(path), options, path)
                : SPFusionBatchPredictor.FromModelZip(path, options);
        }
        catch (Microsoft.ML.OnnxRuntime.OnnxRuntimeException ex)
        {
            throw new InvalidDataException($"{path}: ONNX Runtime cannot load the {role}: {ex.Message}", ex);
        }
        if (!predictor.UsesSpectrum || predictor.UsesPhotometry != fusion)
        {
            predictor.Dispose();
            string reads = !predictor.UsesSpectrum ? "image-only" : predictor.UsesPhotometry ? "a fusion model" : "spectrum-only";
            throw new InvalidDataException(fusion
                ? $"{path}: the {role} is {reads}; a survey run's model must take the spectrum and the g/r/i images (give a spectrum-only model as the fallback model)"
                : $"{path}: the {role} is {reads}; a fallback model must be spectrum-only (e.g. spfusion train --model convnext1d)");
        }
        return predictor;
    }
}
