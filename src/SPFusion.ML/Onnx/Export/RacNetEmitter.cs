using SPFusion.ML.Network;

namespace SPFusion.ML.Onnx.Export;

/// <summary>Emits RAC-Net's eight residual attention blocks and their max pools: [N,1,3584] -> [N,128,14].</summary>
internal static class RacNetEmitter
{
    /// <summary>Emits every block followed by the network's pool.</summary>
    public static string Emit(OnnxGraphBuilder graph, string spectrum, RacNetBaseline network, string name)
    {
        ArgumentNullException.ThrowIfNull(network);
        string x = spectrum;
        for (int i = 0; i < network.Blocks.Count; i++)
        {
            x = Block(graph, x, network.Blocks[i], $"{name}.{i}");
            x = PoolEmitter.MaxPool1d(graph, x, network.Pool, $"{name}.{i}/pool");
        }
        return x;
    }

    /// <summary>Emits one block: ReLU(attention(ReLU(conv3(BN(ReLU(conv2(BN(ReLU(conv1(x))))))))) + conv_k1(x)).</summary>
    public static string Block(OnnxGraphBuilder graph, string input, RacBlock block, string name)
    {
        ArgumentNullException.ThrowIfNull(block);
        string x = input;
        for (int i = 0; i < block.MainPath.Count; i++)
        {
            var (conv, norm) = block.MainPath[i];
            x = ConvEmitter.Emit(graph, x, conv, $"{name}/conv{i + 1}");
            x = graph.AddNode("Relu", [x], $"{name}/relu{i + 1}");
            if (norm is not null) x = BatchNormEmitter.Emit(graph, x, norm, 1, $"{name}/bn{i + 1}");
        }
        x = Attention(graph, x, block.Attention, $"{name}/attention");
        string shortcut = ConvEmitter.Emit(graph, input, block.Shortcut, $"{name}/residual_conv");
        x = graph.AddNode("Add", [x, shortcut], $"{name}/residual");
        return graph.AddNode("Relu", [x], $"{name}/residual_relu");
    }

    private static string Attention(OnnxGraphBuilder graph, string input, RacAttention attention, string name)
    {
        string y = ConvEmitter.Emit(graph, input, attention.Conv, $"{name}/conv");
        string max = graph.AddNode("ReduceMax", [y], $"{name}/max", OnnxAttribute.Ints("axes", 2), OnnxAttribute.Int("keepdims", 1));
        string mean = graph.AddNode("ReduceMean", [y], $"{name}/mean", OnnxAttribute.Ints("axes", 2), OnnxAttribute.Int("keepdims", 1));
        string pooled = graph.AddNode("Concat", [max, mean], $"{name}/concat", OnnxAttribute.Int("axis", 1));
        string gate = graph.AddNode("Sigmoid", [ConvEmitter.Emit(graph, pooled, attention.Gate, $"{name}/gate")], $"{name}/sigmoid");
        return graph.AddNode("Mul", [y, gate], $"{name}/scale");
    }
}
