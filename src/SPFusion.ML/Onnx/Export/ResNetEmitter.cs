using SPFusion.ML.Network;

namespace SPFusion.ML.Onnx.Export;

/// <summary>
/// Emits timm's ResNet10-T trunk (deep stem, max pool, basic blocks with average-down shortcuts) with every batch norm
/// folded into the convolution before it; the photometric extractor uses its first stage, the image-only ResNet10-T
/// comparison network all four.
/// </summary>
internal static class ResNetEmitter
{
    /// <summary>Emits the trunk's stages; block <c>b</c> of stage <c>i</c> is named <c>{name}/layer{i+1}.{b}</c>.</summary>
    public static string Backbone(OnnxGraphBuilder graph, string input, ResNet10TBackbone backbone, string name)
    {
        ArgumentNullException.ThrowIfNull(backbone);
        string x = input;
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
        for (int s = 0; s < backbone.Layers.Count; s++)
        {
            for (int b = 0; b < backbone.Layers[s].Count; b++)
                x = Block(graph, x, backbone.Layers[s][b], $"{name}/layer{s + 1}.{b}");
        }
        return x;
    }

    /// <summary>Emits one basic block: ReLU(BN(conv2(ReLU(BN(conv1(x))))) + shortcut(x)).</summary>
    public static string Block(OnnxGraphBuilder graph, string input, BasicBlock block, string name)
    {
        ArgumentNullException.ThrowIfNull(block);
        string y = ConvEmitter.Emit(graph, input, block.First.Conv, $"{name}/conv1", block.First.Norm);
        y = graph.AddNode("Relu", [y], $"{name}/relu1");
        y = ConvEmitter.Emit(graph, y, block.Second.Conv, $"{name}/conv2", block.Second.Norm);
        string shortcut = input;
        if (block.Downsample is { } down)
        {
            shortcut = PoolEmitter.AvgPool2d(graph, input, down.pool, $"{name}/downsample/pool");
            shortcut = ConvEmitter.Emit(graph, shortcut, down.Conv, $"{name}/downsample/conv", down.Norm);
        }
        y = graph.AddNode("Add", [y, shortcut], $"{name}/residual");
        return graph.AddNode("Relu", [y], $"{name}/relu2");
    }
}
