using SPFusion.ML.Network;

namespace SPFusion.ML.Onnx.Export;

/// <summary>Emits the multi-modality star fusion: x_f = dw(BN(conv(GELU(A(x_s)) * B(x_p)))), or the sum ablation.</summary>
internal static class StarFusionEmitter
{
    /// <summary>Emits the fusion of <paramref name="spectral"/> and <paramref name="photometric"/>; drop-path vanishes in eval mode (see <see cref="OnnxGraphBuilder.Drop"/>).</summary>
    public static string Emit(OnnxGraphBuilder graph, string spectral, string photometric, StarFusion fusion, string name)
    {
        ArgumentNullException.ThrowIfNull(fusion);
        string a = Branch(graph, spectral, fusion.SpectralBranch, $"{name}/photo_branch");
        string b = Branch(graph, photometric, fusion.PhotometricBranch, $"{name}/spec_branch");
        string m = fusion.UseStarOperator
            ? graph.AddNode("Mul", [GeluEmitter.Emit(graph, a, $"{name}/act"), b], $"{name}/star")
            : graph.AddNode("Add", [a, b], $"{name}/sum");
        return graph.Drop(Branch(graph, m, fusion.Fusion, $"{name}/fusion"), fusion.drop_path, $"{name}/drop_path");
    }

    private static string Branch(OnnxGraphBuilder graph, string input, IReadOnlyList<ConvBN> layers, string name)
    {
        string x = input;
        for (int i = 0; i < layers.Count; i++)
            x = NetworkLayerEmitter.ConvBn(graph, x, layers[i].Block, $"{name}.{i}");
        return x;
    }
}
