using SPFusion.ML.Network;

namespace SPFusion.ML.Onnx.Export;

/// <summary>Emits the photometric extractor (ResNet10-T stem, one basic block, projection, token linear): [N,3,128,128] -> [N,32,28].</summary>
internal static class PhotometricExtractorEmitter
{
    /// <summary>Emits the whole extractor with every batch norm folded into the convolution before it.</summary>
    public static string Emit(OnnxGraphBuilder graph, string photometric, PhotometricExtractor extractor, string name)
    {
        ArgumentNullException.ThrowIfNull(extractor);
        var backbone = extractor.Backbone;
        string x = photometric;
        var layers = backbone.Stem.Layers;
        for (int i = 0; i < layers.Count; i++)
        {
            // The stem's last convolution is normalised by the backbone's bn1, not by a norm of its own.
            var norm = layers[i].Norm ?? (i == layers.Count - 1 ? backbone.StemNorm : null)
                ?? throw new NotSupportedException($"{name}: stem convolution {i} has no batch norm to fold");
            x = ConvEmitter.Emit(graph, x, layers[i].Conv, $"{name}/stem{i}", norm);
            x = graph.AddNode("Relu", [x], $"{name}/stem{i}/relu");
        }
        x = PoolEmitter.MaxPool2d(graph, x, backbone.maxpool, $"{name}/maxpool");
        for (int b = 0; b < backbone.Blocks.Count; b++)
        {
            var block = backbone.Blocks[b];
            string y = ConvEmitter.Emit(graph, x, block.First.Conv, $"{name}/layer1.{b}/conv1", block.First.Norm);
            y = graph.AddNode("Relu", [y], $"{name}/layer1.{b}/relu1");
            y = ConvEmitter.Emit(graph, y, block.Second.Conv, $"{name}/layer1.{b}/conv2", block.Second.Norm);
            y = graph.AddNode("Add", [y, x], $"{name}/layer1.{b}/residual");
            x = graph.AddNode("Relu", [y], $"{name}/layer1.{b}/relu2");
        }
        x = ConvEmitter.Emit(graph, x, extractor.Projection.First.Conv, $"{name}/conv_blk0", extractor.Projection.First.Norm);
        x = ConvEmitter.Emit(graph, x, extractor.Projection.Second, $"{name}/conv_blk2");
        long channels = extractor.Projection.Second.out_channels;
        // [N,C,H,W] -> [N,C,H*W]: a constant shape, the batch copied with 0 (no Shape/Gather chain).
        x = graph.AddNode("Reshape", [x, graph.Int64Vector(0, channels, -1)], $"{name}/flatten");
        x = GeluEmitter.Emit(graph, x, $"{name}/linear_blk/gelu");
        return LinearEmitter.Emit(graph, x, extractor.Tokens.Linear, $"{name}/linear_blk/linear");
    }
}
