using SPFusion.ML.Network;
using SPFusion.Transforms;

namespace SPFusion.ML.Onnx.Export;

/// <summary>
/// Emits a whole network's graph with its inputs and outputs; the names are the exported file's public contract. The body
/// (<see cref="EmitBody"/>) is separate from the inputs and outputs so a graph can hold several passes of one network
/// over the same inputs (Monte Carlo dropout).
/// </summary>
internal static class NetworkGraphEmitter
{
    /// <summary>Emits <paramref name="network"/> (SPFusion or a comparison network) into <paramref name="graph"/>.</summary>
    public static void Emit(OnnxGraphBuilder graph, StarNetwork network)
    {
        var inputs = AddInputs(graph, network);
        AddOutputs(graph, network, EmitBody(graph, network, inputs));
    }

    /// <summary>Declares the inputs <paramref name="network"/> reads: <c>photometric</c>, then <c>spectrum</c>.</summary>
    public static NetworkGraphInputs AddInputs(OnnxGraphBuilder graph, StarNetwork network)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(network);
        string? photometric = network.UsesPhotometry
            ? graph.AddInput(SPFusionOnnxNames.PhotometricInput, SPFusionShapes.Bands, SPFusionShapes.ImageSize, SPFusionShapes.ImageSize)
            : null;
        string? spectrum = network.UsesSpectrum ? graph.AddInput(SPFusionOnnxNames.SpectrumInput, 1, SPFusionShapes.SpectrumLength) : null;
        return new NetworkGraphInputs(photometric, spectrum);
    }

    /// <summary>
    /// Emits the network from its input values to its output values without declaring either; dropout and drop-path follow
    /// <see cref="OnnxGraphBuilder.Dropout"/>.
    /// </summary>
    public static NetworkGraphOutputs EmitBody(OnnxGraphBuilder graph, StarNetwork network, NetworkGraphInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(inputs);
        return network switch
        {
            SPFusionNetwork spfusion => SPFusion(graph, spfusion, inputs),
            ConvNeXt1DBaseline baseline => Baseline(graph, baseline, inputs),
            ConvNeXt1DPaperBaseline convNeXt => SpectrumOnly(graph, convNeXt, inputs, x => HeadEmitter.FlattenRegressionHead(graph,
                SpectralExtractorEmitter.Emit(graph, x, convNeXt.SpectralExtractor, "spec_feature_extractor"), convNeXt.Head, "head")),
            RacNetBaseline racNet => SpectrumOnly(graph, racNet, inputs, x => HeadEmitter.TwoLayerRegressionHead(graph,
                RacNetEmitter.Emit(graph, x, racNet, "conv_structure"), racNet.Head, "fc_structure")),
            SscnnBaseline sscnn => SpectrumOnly(graph, sscnn, inputs, x => HeadEmitter.TwoLayerRegressionHead(graph,
                SscnnEmitter.Emit(graph, x, sscnn, "extractor"), sscnn.Head, "fc_structure")),
            ResNet10TImageBaseline resNet => ImageOnly(graph, resNet, inputs),
            null => throw new ArgumentNullException(nameof(network)),
            _ => throw new NotSupportedException($"ONNX export does not know network type {network.GetType().Name}"),
        };
    }

    /// <summary>
    /// Publishes a single export's outputs: <c>prediction</c>, with a heteroscedastic head <c>predicted_sigma</c> and the total
    /// <c>prediction_sigma</c>, and for SPFusion the two attention maps.
    /// </summary>
    public static void AddOutputs(OnnxGraphBuilder graph, StarNetwork network, NetworkGraphOutputs outputs)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(outputs);
        graph.AddOutput(outputs.Prediction, SPFusionOnnxNames.PredictionOutput, StarNetwork.Targets);
        if (outputs.PredictedSigma is not null)
        {
            // The head's sigma is the only source, so the total equals it; calibration and ensembles act on the total.
            graph.AddOutput(outputs.PredictedSigma, SPFusionOnnxNames.PredictedSigmaOutput, StarNetwork.Targets);
            string total = graph.AddNode("Identity", [SPFusionOnnxNames.PredictedSigmaOutput], "total_sigma");
            graph.AddOutput(total, SPFusionOnnxNames.SigmaOutput, StarNetwork.Targets);
        }
        if (network is not SPFusionNetwork spfusion) return;
        long heads = spfusion.FusionBlock.Attention.Heads, channels = SPFusionShapes.FusedChannels;
        graph.AddOutput(outputs.FusionAttention!, SPFusionOnnxNames.FusionAttentionOutput, heads, channels, channels);
        graph.AddOutput(outputs.ChannelAttention!, SPFusionOnnxNames.ChannelAttentionOutput, SPFusionShapes.FusedChannels);
    }

    private static NetworkGraphOutputs SPFusion(OnnxGraphBuilder graph, SPFusionNetwork network, NetworkGraphInputs inputs)
    {
        const long length = SPFusionShapes.Positions;
        string spectrum = SpectrumStandardizationEmitter.Emit(graph, inputs.RequireSpectrum(), network.SpectrumStandardization, "spectrum_standardization");
        string xs = SpectralExtractorEmitter.Emit(graph, spectrum, network.SpectralExtractor, "spec_feature_extractor");
        string xp = PhotometricExtractorEmitter.Emit(graph, inputs.RequirePhotometric(), network.PhotometricExtractor, "photo_feature_extractor");
        string xf = StarFusionEmitter.Emit(graph, xs, xp, network.StarFusion, "star_fusion");
        string x = graph.AddNode("Concat", [xp, xf, xs], "concat", OnnxAttribute.Int("axis", 1));
        var (fused, attention) = TransformerBlockEmitter.FusionBlock(graph, x, network.FusionBlock, length, "fusion_trans_blk");
        x = fused;
        for (int i = 0; i < network.MetaFormerBlocks.Count; i++)
            x = TransformerBlockEmitter.MetaFormer(graph, x, network.MetaFormerBlocks[i], $"trans_blks.{i}");
        var (prediction, channelWeights, predictedSigma) = HeadEmitter.SEHead(graph, x, network.Head, "classification_head", inputs.RequireSpectrum());
        return new NetworkGraphOutputs(prediction) { FusionAttention = attention, ChannelAttention = channelWeights, PredictedSigma = predictedSigma };
    }

    private static NetworkGraphOutputs SpectrumOnly(OnnxGraphBuilder graph, StarNetwork network, NetworkGraphInputs inputs, Func<string, string> body)
    {
        string spectrum = SpectrumStandardizationEmitter.Emit(graph, inputs.RequireSpectrum(), network.SpectrumStandardization!, "spectrum_standardization");
        return new NetworkGraphOutputs(body(spectrum));
    }

    private static NetworkGraphOutputs ImageOnly(OnnxGraphBuilder graph, ResNet10TImageBaseline network, NetworkGraphInputs inputs)
    {
        string x = ResNetEmitter.Backbone(graph, inputs.RequirePhotometric(), network.Backbone, "feature_extractor");
        x = graph.AddNode("ReduceMean", [x], "global_pool", OnnxAttribute.Ints("axes", 2, 3), OnnxAttribute.Int("keepdims", 0));
        return new NetworkGraphOutputs(HeadEmitter.TwoLayerRegressionHead(graph, x, network.Head, "head", flatten: false));
    }

    private static NetworkGraphOutputs Baseline(OnnxGraphBuilder graph, ConvNeXt1DBaseline network, NetworkGraphInputs inputs)
    {
        string spectrum = SpectrumStandardizationEmitter.Emit(graph, inputs.RequireSpectrum(), network.SpectrumStandardization, "spectrum_standardization");
        string xs = SpectralExtractorEmitter.Emit(graph, spectrum, network.SpectralExtractor, "spec_feature_extractor");
        return new NetworkGraphOutputs(HeadEmitter.ConvRegressionHead(graph, xs, network.Head, "classification_head"));
    }
}
