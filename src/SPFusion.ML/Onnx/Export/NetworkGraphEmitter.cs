using SPFusion.ML.Network;

namespace SPFusion.ML.Onnx.Export;

/// <summary>Emits a whole network's graph with its inputs and outputs; the names are the exported file's public contract.</summary>
public static class NetworkGraphEmitter
{
    /// <summary>Input: photometric cut-outs [N,3,128,128], bands g, r, i.</summary>
    public const string PhotometricInput = "photometric";

    /// <summary>Input: prepared spectrum [N,1,3584].</summary>
    public const string SpectrumInput = "spectrum";

    /// <summary>Output: [N,2], column 0 mass (Msun), column 1 age (Gyr).</summary>
    public const string PredictionOutput = "prediction";

    /// <summary>Output: the fusion block's channel-attention map [N,h,96,96] (SPFusion only).</summary>
    public const string FusionAttentionOutput = "fusion_attention";

    /// <summary>Output: the head's SE channel weights [N,96] (SPFusion only).</summary>
    public const string ChannelAttentionOutput = "channel_attention";

    /// <summary>Emits <paramref name="network"/> (SPFusion or the ConvNeXt 1D baseline) into <paramref name="graph"/>.</summary>
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
            case null:
                throw new ArgumentNullException(nameof(network));
            default:
                throw new NotSupportedException($"ONNX export does not know network type {network.GetType().Name}");
        }
    }

    private static void EmitSPFusion(OnnxGraphBuilder graph, SPFusionNetwork network)
    {
        const long length = ConvNeXt1DExtractor.OutputLength;
        string photometric = graph.AddInput(PhotometricInput, PhotometricExtractor.Bands, PhotometricExtractor.ImageSize, PhotometricExtractor.ImageSize);
        string spectrum = graph.AddInput(SpectrumInput, 1, ConvNeXt1DExtractor.SpectrumLength);
        spectrum = SpectrumStandardizationEmitter.Emit(graph, spectrum, network.SpectrumStandardization, "spectrum_standardization");
        string xs = SpectralExtractorEmitter.Emit(graph, spectrum, network.SpectralExtractor, "spec_feature_extractor");
        string xp = PhotometricExtractorEmitter.Emit(graph, photometric, network.PhotometricExtractor, "photo_feature_extractor");
        string xf = StarFusionEmitter.Emit(graph, xs, xp, network.StarFusion, "star_fusion");
        string x = graph.AddNode("Concat", [xp, xf, xs], "concat", OnnxAttribute.Int("axis", 1));
        var (fused, attention) = TransformerBlockEmitter.FusionBlock(graph, x, network.FusionBlock, length, "fusion_trans_blk");
        x = fused;
        for (int i = 0; i < network.MetaFormerBlocks.Count; i++)
            x = TransformerBlockEmitter.MetaFormer(graph, x, network.MetaFormerBlocks[i], $"trans_blks.{i}");
        var (prediction, channelWeights) = HeadEmitter.SEHead(graph, x, network.Head, "classification_head");
        long heads = network.FusionBlock.Attention.Heads, channels = SPFusionNetwork.FusedChannels;
        graph.AddOutput(prediction, PredictionOutput, StarNetwork.Targets);
        graph.AddOutput(attention, FusionAttentionOutput, heads, channels, channels);
        graph.AddOutput(channelWeights, ChannelAttentionOutput, SPFusionNetwork.FusedChannels);
    }

    private static void EmitBaseline(OnnxGraphBuilder graph, ConvNeXt1DBaseline network)
    {
        string spectrum = graph.AddInput(SpectrumInput, 1, ConvNeXt1DExtractor.SpectrumLength);
        spectrum = SpectrumStandardizationEmitter.Emit(graph, spectrum, network.SpectrumStandardization, "spectrum_standardization");
        string xs = SpectralExtractorEmitter.Emit(graph, spectrum, network.SpectralExtractor, "spec_feature_extractor");
        string prediction = HeadEmitter.ConvRegressionHead(graph, xs, network.Head, "classification_head");
        graph.AddOutput(prediction, PredictionOutput, StarNetwork.Targets);
    }
}
