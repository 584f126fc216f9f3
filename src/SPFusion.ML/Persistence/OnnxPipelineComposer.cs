using Microsoft.ML;
using Microsoft.ML.Data;
using SPFusion.ML.Training;
using SPFusion.Transforms;

namespace SPFusion.ML.Persistence;

/// <summary>
/// Wraps an SPFusion ONNX graph in built-in ML.NET transformers plus a registered custom mapping, the only
/// combination a third-party model can persist in a model zip (ML.NET's save internals are not public).
/// </summary>
internal static class OnnxPipelineComposer
{
    /// <summary>
    /// Builds the estimator chain: copy input columns to the ONNX input names, run the graph (OnnxTransformer stores the
    /// ONNX bytes in the zip), split the prediction into <c>PredictedMass</c>, <c>PredictedAge</c> and <c>Score</c> (and,
    /// when the graph outputs <c>prediction_sigma</c>, the sigma into <c>MassSigma</c> and <c>AgeSigma</c>),
    /// optionally expose the attention outputs, and drop the temporaries. <c>GetOutputSchema</c> and <c>Fit</c> first check the
    /// user's input columns (the spectrum and the photometry, each when the graph takes it), so a wrong column fails there
    /// naming that column, not at <c>Transform</c> naming the graph's internal input.
    /// </summary>
    /// <exception cref="ArgumentException">From the returned estimator: an input column is missing or is not a vector of
    /// <see cref="SPFusionShapes.SpectrumLength"/> (spectrum) or <see cref="SPFusionShapes.PhotometryLength"/> (photometry) Single values.</exception>
    public static IEstimator<ITransformer> Compose(MLContext mlContext, byte[] onnxModel, string source, SPFusionModelOptions? options = null) =>
        Compose(mlContext, onnxModel, source, options, modelFile: null);

    /// <summary>
    /// As <see cref="Compose(MLContext, byte[], string, SPFusionModelOptions?)"/>; the OnnxTransformer runs
    /// <paramref name="modelFile"/> (which holds <paramref name="onnxModel"/>) when given, else a file the package writes
    /// and deletes at process exit (see <see cref="SPFusionPredictionTransformer"/> for deleting it earlier).
    /// </summary>
    internal static IEstimator<ITransformer> Compose(MLContext mlContext, byte[] onnxModel, string source, SPFusionModelOptions? options, string? modelFile)
    {
        options ??= new SPFusionModelOptions();
        var layout = OnnxModelLayout.Inspect(onnxModel, source);
        var temporaries = new List<string>();

        var copies = new List<InputOutputColumnPair>();
        if (layout.HasSpectrumInput) copies.Add(new InputOutputColumnPair(SPFusionOnnxNames.SpectrumInput, options.SpectrumColumn));
        if (layout.HasPhotometricInput) copies.Add(new InputOutputColumnPair(SPFusionOnnxNames.PhotometricInput, options.PhotometryColumn));
        var inputs = copies.Select(c => c.OutputColumnName).ToList();
        temporaries.AddRange(inputs);
        IEstimator<ITransformer> chain = mlContext.Transforms.CopyColumns(copies[0].OutputColumnName, copies[0].InputColumnName);
        foreach (var copy in copies.Skip(1))
            chain = chain.Append(mlContext.Transforms.CopyColumns(copy.OutputColumnName, copy.InputColumnName));

        var outputs = new List<string> { layout.PredictionOutput };
        if (layout.SigmaOutput is not null) outputs.Add(layout.SigmaOutput);
        if (options.IncludeChannelAttention)
            outputs.Add(layout.ChannelAttentionOutput ?? throw new InvalidOperationException($"{source}: the model has no channel-attention output"));
        if (options.IncludeFusionAttention)
            outputs.Add(layout.FusionAttentionOutput ?? throw new InvalidOperationException($"{source}: the model has no fusion-attention output"));

        // A file, not a stream: OnnxTransformer copies a stream to a temporary file it never deletes.
        chain = chain.Append(mlContext.Transforms.ApplyOnnxModel(
            outputs.ToArray(), inputs.ToArray(), modelFile ?? TemporaryModelFiles.Write(onnxModel), options.GpuDeviceId, options.FallbackToCpu));
        temporaries.AddRange(outputs);

        chain = chain.Append(mlContext.Transforms.CopyColumns(PredictionSplitMappings.RawPredictionColumn, layout.PredictionOutput));
        temporaries.Add(PredictionSplitMappings.RawPredictionColumn);
        chain = chain.Append(options.Score == ScoreTarget.Mass
            ? mlContext.Transforms.CustomMapping(new ScoreIsMassMappingFactory().GetMapping(), PredictionSplitMappings.ScoreIsMassContract)
            : mlContext.Transforms.CustomMapping(new ScoreIsAgeMappingFactory().GetMapping(), PredictionSplitMappings.ScoreIsAgeContract));

        if (layout.SigmaOutput is not null)
        {
            chain = chain.Append(mlContext.Transforms.CopyColumns(SigmaSplitMappings.RawSigmaColumn, layout.SigmaOutput));
            temporaries.Add(SigmaSplitMappings.RawSigmaColumn);
            chain = chain.Append(mlContext.Transforms.CustomMapping(new SigmaSplitMappingFactory().GetMapping(), SigmaSplitMappings.SplitSigmaContract));
        }

        if (options.IncludeChannelAttention)
            chain = chain.Append(mlContext.Transforms.CopyColumns(SPFusionColumns.ChannelAttention, layout.ChannelAttentionOutput!));
        if (options.IncludeFusionAttention)
            chain = chain.Append(mlContext.Transforms.CopyColumns(SPFusionColumns.FusionAttention, layout.FusionAttentionOutput!));

        // Temporaries that collide with the user's own column names are kept (dropping them would drop the user's column).
        var drop = temporaries.Distinct(StringComparer.Ordinal)
            .Where(t => t != options.SpectrumColumn && t != options.PhotometryColumn).ToArray();
        chain = chain.Append(mlContext.Transforms.DropColumns(drop));
        return new InputCheckingEstimator(options, layout.HasSpectrumInput, layout.HasPhotometricInput, source, chain);
    }

    /// <summary>
    /// Checks the input columns before the chain sees them; fitting returns the chain's own transformer, so the model zip
    /// holds only built-in transformers and registered mappings, as before.
    /// </summary>
    private sealed class InputCheckingEstimator(SPFusionModelOptions options, bool spectrum, bool photometry, string source, IEstimator<ITransformer> chain)
        : IEstimator<ITransformer>
    {
        public ITransformer Fit(IDataView input)
        {
            ArgumentNullException.ThrowIfNull(input);
            Check(() =>
            {
                if (spectrum) TrainingSchema.Vector(input.Schema, options.SpectrumColumn, SPFusionShapes.SpectrumLength);
                if (photometry) TrainingSchema.Vector(input.Schema, options.PhotometryColumn, SPFusionShapes.PhotometryLength);
            });
            return chain.Fit(input);
        }

        // A SchemaShape carries no vector size: a wrong-size vector of Single passes here and fails at Fit.
        public SchemaShape GetOutputSchema(SchemaShape inputSchema)
        {
            ArgumentNullException.ThrowIfNull(inputSchema);
            Check(() =>
            {
                if (spectrum) TrainingSchema.Vector(inputSchema, options.SpectrumColumn, SPFusionShapes.SpectrumLength);
                if (photometry) TrainingSchema.Vector(inputSchema, options.PhotometryColumn, SPFusionShapes.PhotometryLength);
            });
            return chain.GetOutputSchema(inputSchema);
        }

        private void Check(Action check)
        {
            try
            {
                check();
            }
            catch (ArgumentException ex)
            {
                throw new ArgumentException($"{source}: {ex.Message}", ex);
            }
        }
    }
}
