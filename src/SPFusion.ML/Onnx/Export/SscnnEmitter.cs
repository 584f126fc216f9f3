using SPFusion.ML.Network;

namespace SPFusion.ML.Onnx.Export;

/// <summary>Emits SSCNN's two convolutional stages: [N,1,3584] -> [N,32,224].</summary>
internal static class SscnnEmitter
{
    /// <summary>Emits each stage: same-padded conv, ReLU, same-padded conv, ReLU, max pool.</summary>
    public static string Emit(OnnxGraphBuilder graph, string spectrum, SscnnBaseline network, string name)
    {
        ArgumentNullException.ThrowIfNull(network);
        string x = spectrum;
        for (int s = 0; s < network.Stages.Count; s++)
        {
            var stage = network.Stages[s];
            for (int c = 0; c < stage.Convolutions.Count; c++)
            {
                x = NetworkLayerEmitter.SamePadConv(graph, x, stage.Convolutions[c], $"{name}.{s}/conv{c + 1}");
                x = graph.AddNode("Relu", [x], $"{name}.{s}/relu{c + 1}");
            }
            x = PoolEmitter.MaxPool1d(graph, x, stage.pool, $"{name}.{s}/pool");
        }
        return x;
    }
}
