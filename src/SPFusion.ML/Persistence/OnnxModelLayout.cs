using Microsoft.ML.OnnxRuntime;
using SPFusion.Transforms;

namespace SPFusion.ML.Persistence;

/// <summary>
/// The input and output names of an SPFusion ONNX graph: this package's export (<c>prediction</c>,
/// <c>fusion_attention</c>, <c>channel_attention</c>) or the authors' published file, whose exporter named its outputs
/// wrongly (<c>mass_m_sun</c> holds mass and age, <c>age_gyr</c> the attention map, <c>onnx::Mul_711</c> the SE weights).
/// </summary>
/// <param name="HasPhotometricInput">False for the spectrum-only comparison networks.</param>
/// <param name="PredictionOutput">Output holding [N,2] = (mass, age).</param>
/// <param name="FusionAttentionOutput">Output holding the [N,1,96,96] attention map, if any.</param>
/// <param name="ChannelAttentionOutput">Output holding the 96 SE weights per star, if any.</param>
/// <param name="HasSpectrumInput">False for the image-only ResNet10-T comparison network.</param>
/// <param name="SigmaOutput">Output holding the [N,2] total standard deviation (<c>prediction_sigma</c>) of a model with an
/// uncertainty; null for every other model.</param>
internal sealed record OnnxModelLayout(bool HasPhotometricInput, string PredictionOutput, string? FusionAttentionOutput, string? ChannelAttentionOutput,
    bool HasSpectrumInput = true, string? SigmaOutput = null)
{
    /// <summary>The optional [N,2] sigma outputs: the total first, then its parts.</summary>
    private static readonly string[] SigmaOutputs =
        [SPFusionOnnxNames.SigmaOutput, SPFusionOnnxNames.EnsembleSigmaOutput, SPFusionOnnxNames.DropoutSigmaOutput, SPFusionOnnxNames.PredictedSigmaOutput];

    /// <summary>The uncertainty parts (<c>ensemble_sigma</c>, <c>dropout_sigma</c>, <c>predicted_sigma</c>) the graph outputs.</summary>
    public IReadOnlyList<string> SigmaParts { get; init; } = [];

    /// <summary>Reads and checks the graph's inputs and outputs.</summary>
    /// <param name="onnxModel">The ONNX file's bytes.</param>
    /// <param name="source">File or zip entry named in errors.</param>
    /// <exception cref="InvalidDataException">The bytes are not an ONNX model, or its inputs/outputs are not SPFusion's.</exception>
    public static OnnxModelLayout Inspect(byte[] onnxModel, string source)
    {
        InferenceSession session;
        try
        {
            // Even this look at the names must use the shared settings: see OnnxSessionSettings on the first session.
            session = OnnxSessionSettings.Open(onnxModel);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new InvalidDataException($"{source}: not a loadable ONNX model: {ex.Message}", ex);
        }
        using (session)
        {
            var inputs = session.InputMetadata;
            var outputs = session.OutputMetadata;
            bool hasSpectrum = inputs.ContainsKey(SPFusionOnnxNames.SpectrumInput);
            bool hasPhotometric = inputs.ContainsKey(SPFusionOnnxNames.PhotometricInput);
            // Every SPFusion model but the image-only one reads the spectrum: without either input, name the spectrum.
            if (hasSpectrum || !hasPhotometric) CheckInput(inputs, SPFusionOnnxNames.SpectrumInput, [1, SPFusionShapes.SpectrumLength], source);
            if (hasPhotometric) CheckInput(inputs, SPFusionOnnxNames.PhotometricInput, [SPFusionShapes.Bands, SPFusionShapes.ImageSize, SPFusionShapes.ImageSize], source);
            foreach (var name in inputs.Keys)
            {
                if (name is not (SPFusionOnnxNames.SpectrumInput or SPFusionOnnxNames.PhotometricInput))
                    throw new InvalidDataException($"{source}: unexpected ONNX input '{name}'; SPFusion models take only '{SPFusionOnnxNames.PhotometricInput}' and '{SPFusionOnnxNames.SpectrumInput}'");
            }
            if (outputs.ContainsKey(SPFusionOnnxNames.PredictionOutput))
            {
                CheckOutput(outputs, SPFusionOnnxNames.PredictionOutput, [2], source);
                // Each sigma is checked like the prediction: a wrongly shaped one would be split into wrong columns.
                var sigmas = SigmaOutputs.Where(outputs.ContainsKey).ToList();
                foreach (string sigma in sigmas) CheckOutput(outputs, sigma, [2], source);
                var parts = sigmas.Where(s => s != SPFusionOnnxNames.SigmaOutput).ToList();
                if (parts.Count > 0 && !sigmas.Contains(SPFusionOnnxNames.SigmaOutput))
                {
                    throw new InvalidDataException(
                        $"{source}: ONNX outputs {string.Join(", ", parts.Select(p => $"'{p}'"))} are parts of an uncertainty but the total '{SPFusionOnnxNames.SigmaOutput}' [N,2] is missing");
                }
                return new OnnxModelLayout(hasPhotometric, SPFusionOnnxNames.PredictionOutput,
                    outputs.ContainsKey(SPFusionOnnxNames.FusionAttentionOutput) ? SPFusionOnnxNames.FusionAttentionOutput : null,
                    outputs.ContainsKey(SPFusionOnnxNames.ChannelAttentionOutput) ? SPFusionOnnxNames.ChannelAttentionOutput : null,
                    hasSpectrum, sigmas.Contains(SPFusionOnnxNames.SigmaOutput) ? SPFusionOnnxNames.SigmaOutput : null)
                { SigmaParts = parts };
            }
            if (outputs.ContainsKey("mass_m_sun") && outputs.ContainsKey("age_gyr"))
            {
                CheckOutput(outputs, "mass_m_sun", [2], source);
                return new OnnxModelLayout(hasPhotometric, "mass_m_sun", "age_gyr",
                    outputs.ContainsKey("onnx::Mul_711") ? "onnx::Mul_711" : null, hasSpectrum);
            }
            throw new InvalidDataException(
                $"{source}: ONNX outputs [{string.Join(", ", outputs.Keys)}] are not SPFusion's (expected 'prediction' [N,2], or the published file's 'mass_m_sun')");
        }
    }

    private static void CheckInput(IReadOnlyDictionary<string, NodeMetadata> inputs, string name, int[] trailing, string source)
    {
        if (!inputs.TryGetValue(name, out var meta))
            throw new InvalidDataException($"{source}: ONNX input '{name}' missing; an SPFusion model takes '{name}' float32 [N,{string.Join(",", trailing)}]");
        CheckShape(meta, name, trailing, source, "input");
    }

    private static void CheckOutput(IReadOnlyDictionary<string, NodeMetadata> outputs, string name, int[] trailing, string source) =>
        CheckShape(outputs[name], name, trailing, source, "output");

    private static void CheckShape(NodeMetadata meta, string name, int[] trailing, string source, string kind)
    {
        var dims = meta.Dimensions;
        bool ok = meta.ElementType == typeof(float) && dims.Length == trailing.Length + 1
            && dims.Skip(1).SequenceEqual(trailing);
        if (!ok)
        {
            throw new InvalidDataException(
                $"{source}: ONNX {kind} '{name}' is {meta.ElementType.Name} [{string.Join(",", dims)}]; expected float32 [N,{string.Join(",", trailing)}]");
        }
    }
}
