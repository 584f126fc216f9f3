using SPFusion.ML.Network;
using SPFusion.Transforms;

namespace SPFusion.ML.Onnx.Export;

/// <summary>Emits a whole network's graph with its inputs and outputs; the names are the exported file's public contract.</summary>
internal static class NetworkGraphEmitter
{
    /// <summary>Emits <paramref name="network"/> (SPFusion or a comparison network) into <paramref name="graph"/>.</summary>
    public static void Emit(OnnxGraphBuilder graph, StarNetwork network)
    {
        ArgumentNullException.ThrowIfNull(graph);
        switch (network)
        {
            case SPFusionNetwork spfusion:
                EmitSPFusion(graph, spfusion);
                break;
            case ConvNeXt1DBaseline baseline:
                EmitBaseline(graph, baseline);
                break;
            case ConvNeXt1DPaperBaseline convNeXt:
                EmitSpectrumOnly(graph, convNeXt, x => HeadEmitter.FlattenRegressionHead(graph,
                    SpectralExtractorEmitter.Emit(graph, x, convNeXt.SpectralExtractor, "spec_feature_extractor"), convNeXt.Head, "head"));
                break;
            case RacNetBaseline racNet:
                EmitSpectrumOnly(graph, racNet, x => HeadEmitter.TwoLayerRegressionHead(graph,
                    RacNetEmitter.Emit(graph, x, racNet, "conv_structure"), racNet.Head, "fc_structure"));
                break;
            case SscnnBaseline sscnn:
                EmitSpectrumOnly(graph, sscnn, x => HeadEmitter.TwoLayerRegressionHead(graph,
                    SscnnEmitter.Emit(graph, x, sscnn, "extractor"), sscnn.Head, "fc_structure"));
                break;
            case ResNet10TImageBaseline resNet:
                EmitImageOnly(graph, resNet);
                break;
            case null:
                throw new ArgumentNullException(nameof(network));
            default:
                throw new NotSupportedException($"ONNX export does not know network type {network.GetType().Name}");
        }
    }

    private static void EmitSPFusion(OnnxGraphBuilder graph, SPFusionNetwork network)
    {
        const long length = SPFusionShapes.Positions;
        string photometric = graph.AddInput(SPFusionOnnxNames.PhotometricInput, SPFusionShapes.Bands, SPFusionShapes.ImageSize, SPFusionShapes.ImageSize);
        string spectrum = graph.AddInput(SPFusionOnnxNames.SpectrumInput, 1, SPFusionShapes.SpectrumLength);
        spectrum = SpectrumStandardizationEmitter.Emit(graph, spectrum, network.SpectrumStandardization, "spectrum_standardization");
        string xs = SpectralExtractorEmitter.Emit(graph, spectrum, network.SpectralExtractor, "spec_feature_extractor");
        string xp = PhotometricExtractorEmitter.Emit(graph, photometric, network.PhotometricExtractor, "photo_feature_extractor");
        string xf = StarFusionEmitter.Emit(graph, xs, xp, network.StarFusion, "star_fusion");
        string x = graph.AddNode("Concat", [xp, xf, xs], "concat", OnnxAttribute.Int("axis", 1));
        var (fused, attention) = TransformerBlockEmitter.FusionBlock(graph, x, network.FusionBlock, length, "fusion_trans_blk");
        x = fused;
        for (int i = 0; i < network.MetaFormerBlocks.Count; i++)
            x = TransformerBlockEmitter.MetaFormer(graph, x, network.MetaFormerBlocks[i], $"trans_blks.{i}");
        var (prediction, channelWeights, predictedSigma) = HeadEmitter.SEHead(graph, x, network.Head, "classification_head");
        long heads = network.FusionBlock.Attention.Heads, channels = SPFusionShapes.FusedChannels;
        graph.AddOutput(prediction, SPFusionOnnxNames.PredictionOutput, StarNetwork.Targets);
        if (predictedSigma is not null)
        {
            // The head's sigma is the only source, so the total equals it; calibration and ensembles act on the total.
            graph.AddOutput(predictedSigma, SPFusionOnnxNames.PredictedSigmaOutput, StarNetwork.Targets);
            string total = graph.AddNode("Identity", [SPFusionOnnxNames.PredictedSigmaOutput], "total_sigma");
            graph.AddOutput(total, SPFusionOnnxNames.SigmaOutput, StarNetwork.Targets);
        }
        graph.AddOutput(attention, SPFusionOnnxNames.FusionAttentionOutput, heads, channels, channels);
        graph.AddOutput(channelWeights, SPFusionOnnxNames.ChannelAttentionOutput, SPFusionShapes.FusedChannels);
    }

    private static void EmitSpectrumOnly(OnnxGraphBuilder graph, StarNetwork network, Func<string, string> body)
    {
        string spectrum = graph.AddInput(SPFusionOnnxNames.SpectrumInput, 1, SPFusionShapes.SpectrumLength);
        spectrum = SpectrumStandardizationEmitter.Emit(graph, spectrum, network.SpectrumStandardization!, "spectrum_standardization");
        graph.AddOutput(body(spectrum), SPFusionOnnxNames.PredictionOutput, StarNetwork.Targets);
    }

    private static void EmitImageOnly(OnnxGraphBuilder graph, ResNet10TImageBaseline network)
    {
        string photometric = graph.AddInput(SPFusionOnnxNames.PhotometricInput, SPFusionShapes.Bands, SPFusionShapes.ImageSize, SPFusionShapes.ImageSize);
        string x = ResNetEmitter.Backbone(graph, photometric, network.Backbone, "feature_extractor");
        x = graph.AddNode("ReduceMean", [x], "global_pool", OnnxAttribute.Ints("axes", 2, 3), OnnxAttribute.Int("keepdims", 0));
        string prediction = HeadEmitter.TwoLayerRegressionHead(graph, x, network.Head, "head", flatten: false);
        graph.AddOutput(prediction, SPFusionOnnxNames.PredictionOutput, StarNetwork.Targets);
    }

    private static void EmitBaseline(OnnxGraphBuilder graph, ConvNeXt1DBaseline network)
    {
        string spectrum = graph.AddInput(SPFusionOnnxNames.SpectrumInput, 1, SPFusionShapes.SpectrumLength);
        spectrum = SpectrumStandardizationEmitter.Emit(graph, spectrum, network.SpectrumStandardization, "spectrum_standardization");
        string xs = SpectralExtractorEmitter.Emit(graph, spectrum, network.SpectralExtractor, "spec_feature_extractor");
        string prediction = HeadEmitter.ConvRegressionHead(graph, xs, network.Head, "classification_head");
        graph.AddOutput(prediction, SPFusionOnnxNames.PredictionOutput, StarNetwork.Targets);
    }
}
