using SPFusion.ML.Network;

namespace SPFusion.ML.Onnx.Export;

/// <summary>Emits the ConvNeXt 1D spectral extractor: [N,1,3584] -> [N,32,28].</summary>
internal static class SpectralExtractorEmitter
{
    /// <summary>Emits the whole extractor; element-wise dropout vanishes in eval mode (see <see cref="OnnxGraphBuilder.Drop"/>).</summary>
    public static string Emit(OnnxGraphBuilder graph, string spectrum, ConvNeXt1DExtractor extractor, string name)
    {
        ArgumentNullException.ThrowIfNull(extractor);
        string x = ConvEmitter.Emit(graph, spectrum, extractor.Stem, $"{name}/stem");
        for (int s = 0; s < extractor.Stages.Count; s++)
        {
            var stage = extractor.Stages[s];
            for (int b = 0; b < stage.Blocks.Count; b++)
                x = Block(graph, x, stage.Blocks[b], $"{name}/stage{s}/block{b}");
            x = NetworkLayerEmitter.LayerNorm(graph, x, stage.Norm, $"{name}/stage{s}/ln");
            if (stage.DownSample is not null) x = ConvEmitter.Emit(graph, x, stage.DownSample, $"{name}/stage{s}/down_sample");
        }
        return x;
    }

    /// <summary>Emits one ConvNeXt block: x + Dropout(pw2(GELU(pw1(LN(dw(x)))))).</summary>
    public static string Block(OnnxGraphBuilder graph, string input, ConvNeXt1DBlock block, string name)
    {
        ArgumentNullException.ThrowIfNull(block);
        string x = NetworkLayerEmitter.SamePadConv(graph, input, block.DepthwiseConv, $"{name}/conv_d");
        x = NetworkLayerEmitter.LayerNorm(graph, x, block.Norm, $"{name}/ln");
        x = ConvEmitter.Emit(graph, x, block.PointwiseExpand, $"{name}/conv_1");
        x = GeluEmitter.Emit(graph, x, $"{name}/gelu");
        x = ConvEmitter.Emit(graph, x, block.PointwiseContract, $"{name}/conv_2");
        x = graph.Drop(x, block.dropout, $"{name}/dropout");
        return graph.AddNode("Add", [x, input], $"{name}/residual");
    }
}
