using Onnx;

namespace SPFusion.ML.Onnx.Import;

/// <summary>
/// One expected weight-carrying node of the published graph: the module path its name must start with (e.g.
/// <c>/spec_feature_extractor/stem</c>), its op type, and how its initialisers load into the TorchSharp layers.
/// </summary>
internal sealed record ImportStep(string ModulePath, string OpType, Action<NodeProto, IReadOnlyList<OnnxInitializer>> Load)
{
    /// <summary>True when <paramref name="node"/> is this step's node: same op type and a name "ModulePath/OpType[_k]".</summary>
    public bool Matches(NodeProto node)
    {
        if (node.OpType != OpType) return false;
        int slash = node.Name.LastIndexOf('/');
        return slash > 0 && node.Name[..slash] == ModulePath;
    }

    /// <summary>For messages: what the step expects.</summary>
    public override string ToString() => $"{OpType} node under {ModulePath}";
}
