using SPFusion.ML.Network;

namespace SPFusion.ML.Onnx.Export;

/// <summary>Emits the photometric extractor (ResNet10-T stem, one basic block, projection, token linear): [N,3,128,128] -> [N,32,28].</summary>
internal static class PhotometricExtractorEmitter
{
    /// <summary>Emits the whole extractor with every batch norm folded into the convolution before it.</summary>
    public static string Emit(OnnxGraphBuilder graph, string photometric, PhotometricExtractor extractor, string name)
    {
        ArgumentNullException.ThrowIfNull(extractor);
        string x = ResNetEmitter.Backbone(graph, photometric, extractor.Backbone, name);
        x = ConvEmitter.Emit(graph, x, extractor.Projection.First.Conv, $"{name}/conv_blk0", extractor.Projection.First.Norm);
        x = ConvEmitter.Emit(graph, x, extractor.Projection.Second, $"{name}/conv_blk2");
        long channels = extractor.Projection.Second.out_channels;
        // [N,C,H,W] -> [N,C,H*W]: a constant shape, the batch copied with 0 (no Shape/Gather chain).
        x = graph.AddNode("Reshape", [x, graph.Int64Vector(0, channels, -1)], $"{name}/flatten");
        x = GeluEmitter.Emit(graph, x, $"{name}/linear_blk/gelu");
        return LinearEmitter.Emit(graph, x, extractor.Tokens.Linear, $"{name}/linear_blk/linear");
    }
}
