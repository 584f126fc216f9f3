using System.Globalization;
using System.Security.Cryptography;
using Google.Protobuf;
using Onnx;
using SPFusion.ML.Onnx.Export;
using SPFusion.ML.Onnx.Uncertainty;
using SPFusion.ML.Persistence;
using SPFusion.Transforms;

namespace SPFusion.ML.Onnx.Ensemble;

/// <summary>
/// Combines K SPFusion ONNX graphs taking the same inputs into one graph that runs every member in a single ONNX Runtime
/// call: <c>prediction</c> is the members' mean and <c>ensemble_sigma</c> their sample standard deviation. Members that
/// carry an uncertainty of their own (a heteroscedastic head's <c>predicted_sigma</c>, Monte Carlo dropout's
/// <c>dropout_sigma</c>) keep it: each such part becomes the root mean square of the members' values, and the total
/// <c>prediction_sigma</c> (see <see cref="SPFusionOnnxNames.SigmaOutput"/>) is the quadrature sum of the spread and the
/// parts, the law of total variance (the variance of the members' means plus the mean of their variances). Without
/// such parts the total equals the spread. One graph rather than K sessions keeps the zip, the readers and ML.NET's
/// OnnxTransformer unchanged.
/// </summary>
/// <remarks>
/// Each member's nodes, initialisers and value infos are renamed under the prefix <c>member{k}/</c>; the graph inputs stay
/// shared. Only what a member's <c>prediction</c> needs is kept: the attention outputs are dropped, because K members'
/// attention maps are K different explanations and averaging them would describe no network (explain a member instead).
/// The combination uses only <c>Mean</c>, <c>Sub</c>, <c>Mul</c>, <c>Sum</c>, <c>Sqrt</c> and <c>Identity</c>, whose
/// signatures are the same in every opset the members may use, so the members' opset is kept as it is.
/// </remarks>
internal static class EnsembleGraph
{
    /// <summary>Prefix of the combining nodes' names; member names start with <c>member</c>, so they cannot collide.</summary>
    private const string Own = "ensemble/";

    /// <summary>Metadata key: number of members.</summary>
    public const string MembersKey = "spfusion.ensemble.members";

    /// <summary>Metadata key: SHA-256 of each member's ONNX bytes, comma-separated, in member order.</summary>
    public const string MemberSha256Key = "spfusion.ensemble.member_sha256";

    /// <summary>Metadata key: where each member came from, one per line, in member order.</summary>
    public const string MemberSourcesKey = "spfusion.ensemble.member_sources";

    /// <summary>Metadata key: what the sigma outputs hold.</summary>
    public const string SigmaKey = "spfusion.ensemble.sigma";

    /// <summary>Combines the members (at least two) into one ONNX model; checks the result loads as an SPFusion graph.</summary>
    /// <param name="members">Each member's ONNX bytes and the file or name errors name it by.</param>
    /// <exception cref="ArgumentException">Fewer than two members.</exception>
    /// <exception cref="InvalidDataException">A member is not an SPFusion ONNX graph, is an ensemble or calibrated already,
    /// holds subgraphs, or differs from member 0 in its inputs, opset or uncertainty parts; the message names the member's
    /// index and source.</exception>
    public static byte[] Combine(IReadOnlyList<(byte[] Onnx, string Source)> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        if (members.Count < 2) throw new ArgumentException($"an ensemble needs at least 2 members (got {members.Count})", nameof(members));

        var parsed = members.Select((m, k) => Read(m.Onnx, k, m.Source)).ToList();
        var first = parsed[0];
        for (int k = 1; k < parsed.Count; k++) CheckAgrees(parsed[k], first);

        var graph = new GraphProto { Name = "ensemble" };
        graph.Input.AddRange(first.Inputs.Select(i => i.Clone()));
        var predictions = new List<string>(parsed.Count);
        // A list, not a dictionary: the parts' order (the layout's) decides the node order, so the bytes are reproducible.
        var partValues = first.Parts.Select(p => (Part: p, Values: new List<string>(parsed.Count))).ToList();
        foreach (var member in parsed)
        {
            var renamed = AddMember(graph, member);
            predictions.Add(renamed[member.PredictionOutput]);
            foreach (var (part, values) in partValues) values.Add(renamed[part]);
        }

        int count = parsed.Count;
        var (mean, variance, spread) = SampleSpreadNodes.Add((op, inputs, name) => Node(graph, op, inputs, name),
            value => FloatConstant(graph, "inverse_k_minus_1", value), predictions);

        string predictionOutput = SPFusionOnnxNames.PredictionOutput;
        Node(graph, "Identity", [mean], "prediction", predictionOutput);
        Node(graph, "Identity", [spread], "ensemble_sigma", SPFusionOnnxNames.EnsembleSigmaOutput);
        // Each member part: sqrt(mean_k sigma_k^2), so that part^2 is the members' mean variance from that source.
        var totalSquares = new List<string> { variance };
        foreach (var (part, values) in partValues)
        {
            var memberSquares = values.Select((v, k) => Node(graph, "Mul", [v, v], $"{part}/square{k}")).ToList();
            string meanSquare = Node(graph, "Mean", memberSquares, $"{part}/mean_square");
            Node(graph, "Sqrt", [meanSquare], part, part);
            totalSquares.Add(meanSquare);
        }
        string total = totalSquares.Count == 1 ? spread : Node(graph, "Sqrt", [Node(graph, "Sum", totalSquares, "total_variance")], "total_sigma");
        Node(graph, "Identity", [total], "prediction_sigma", SPFusionOnnxNames.SigmaOutput);
        foreach (string output in new[] { predictionOutput, SPFusionOnnxNames.SigmaOutput, SPFusionOnnxNames.EnsembleSigmaOutput }.Concat(partValues.Select(p => p.Part)))
            graph.Output.Add(PairOutput(output));

        var model = new ModelProto
        {
            IrVersion = parsed.Max(m => m.Model.IrVersion),
            ProducerName = "SPFusion.ML",
            ProducerVersion = OnnxExporter.PackageVersion,
            Domain = "spfusion",
            ModelVersion = 1,
            DocString = $"SPFusion for .NET ensemble of {count} members: prediction = the members' mean mass (Msun) and age (Gyr), " +
                "ensemble_sigma = their sample standard deviation, prediction_sigma = the total sigma",
            Graph = graph,
        };
        model.OpsetImport.AddRange(first.Model.OpsetImport.Select(o => o.Clone()));
        foreach (var (key, value) in Metadata(parsed)) model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });

        byte[] bytes = model.ToByteArray();
        // The readers' own check: loads in ONNX Runtime, SPFusion inputs, prediction and prediction_sigma [N,2].
        var layout = OnnxModelLayout.Inspect(bytes, "the combined ensemble graph");
        if (layout.SigmaOutput is null) throw new InvalidOperationException("the combined ensemble graph lost its prediction_sigma output");
        return bytes;
    }

    private static Member Read(byte[] onnx, int index, string source)
    {
        ArgumentNullException.ThrowIfNull(onnx);
        string who = $"ensemble member {index} ({source})";
        var layout = OnnxModelLayout.Inspect(onnx, who);
        if (layout.SigmaParts.Contains(SPFusionOnnxNames.EnsembleSigmaOutput))
            throw new InvalidDataException($"{who}: already has an uncertainty from an ensemble ('{SPFusionOnnxNames.EnsembleSigmaOutput}'); combine the original members instead");
        if (layout.SigmaOutput is not null && layout.SigmaParts.Count == 0)
            throw new InvalidDataException($"{who}: has a total '{SPFusionOnnxNames.SigmaOutput}' without the parts it combines; an ensemble needs each member's parts");
        var model = ModelProto.Parser.ParseFrom(onnx);
        if (model.MetadataProps.Any(p => p.Key == OnnxMetadataKeys.SigmaCalibration))
            throw new InvalidDataException($"{who}: its sigmas are calibrated; combine uncalibrated members and calibrate the ensemble");
        var initializers = model.Graph.Initializer.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        // Files from old exporters also list their initialisers as graph inputs; only the others are fed by the caller.
        var inputs = model.Graph.Input.Where(i => !initializers.Contains(i.Name)).ToList();
        foreach (var node in model.Graph.Node)
        {
            if (node.Attribute.Any(a => a.G is not null || a.Graphs.Count > 0))
                throw new InvalidDataException($"{who}: node '{node.Name}' ({node.OpType}) holds a subgraph, which an ensemble cannot rename; export the member with this package");
        }
        return new Member(index, source, who, model, inputs, layout.PredictionOutput, layout.SigmaParts, SHA256.HashData(onnx));
    }

    private static void CheckAgrees(Member member, Member first)
    {
        string inputs = Describe(member.Inputs), expected = Describe(first.Inputs);
        if (inputs != expected)
        {
            throw new InvalidDataException(
                $"{member.Who}: inputs [{inputs}] differ from member 0's ({first.Source}) [{expected}]; every member must take the same inputs");
        }
        string opset = Describe(member.Model.OpsetImport), expectedOpset = Describe(first.Model.OpsetImport);
        if (opset != expectedOpset)
            throw new InvalidDataException($"{member.Who}: opset [{opset}] differs from member 0's ({first.Source}) [{expectedOpset}]; export every member with the same package version");
        string parts = string.Join(", ", member.Parts), expectedParts = string.Join(", ", first.Parts);
        if (parts != expectedParts)
        {
            throw new InvalidDataException(
                $"{member.Who}: uncertainty parts [{parts}] differ from member 0's ({first.Source}) [{expectedParts}]; every member must be trained the same way");
        }
    }

    /// <summary>
    /// Adds the nodes and initialisers the member's prediction and uncertainty parts depend on, renamed; returns the new
    /// names of those outputs.
    /// </summary>
    private static Dictionary<string, string> AddMember(GraphProto graph, Member member)
    {
        var source = member.Model.Graph;
        var shared = member.Inputs.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        string prefix = string.Create(CultureInfo.InvariantCulture, $"member{member.Index}/");
        string Renamed(string name) => name.Length == 0 || shared.Contains(name) ? name : prefix + name;

        // Walk back from the prediction: nodes that feed only the attention outputs are left out.
        var producers = new Dictionary<string, NodeProto>(StringComparer.Ordinal);
        foreach (var node in source.Node)
        {
            foreach (string output in node.Output) producers[output] = node;
        }
        var needed = new HashSet<NodeProto>(ReferenceEqualityComparer.Instance);
        var values = new HashSet<string>(StringComparer.Ordinal);
        string[] kept = [member.PredictionOutput, .. member.Parts];
        var pending = new Stack<string>(kept);
        while (pending.Count > 0)
        {
            string value = pending.Pop();
            if (!values.Add(value)) continue;
            if (producers.TryGetValue(value, out var node) && needed.Add(node))
            {
                foreach (string input in node.Input) pending.Push(input);
            }
        }

        // Source order is already topological; keep it.
        foreach (var node in source.Node.Where(needed.Contains))
        {
            var copy = node.Clone();
            copy.Name = prefix + (node.Name.Length > 0 ? node.Name : node.Output[0]);
            for (int i = 0; i < copy.Input.Count; i++) copy.Input[i] = Renamed(copy.Input[i]);
            for (int i = 0; i < copy.Output.Count; i++) copy.Output[i] = Renamed(copy.Output[i]);
            graph.Node.Add(copy);
        }
        foreach (var initializer in source.Initializer.Where(i => values.Contains(i.Name)))
        {
            var copy = initializer.Clone();
            copy.Name = Renamed(copy.Name);
            graph.Initializer.Add(copy);
        }
        foreach (var sparse in source.SparseInitializer.Where(s => values.Contains(s.Values.Name)))
        {
            var copy = sparse.Clone();
            copy.Values.Name = Renamed(copy.Values.Name);
            if (copy.Indices is not null) copy.Indices.Name = Renamed(copy.Indices.Name);
            graph.SparseInitializer.Add(copy);
        }
        foreach (var info in source.ValueInfo.Where(v => values.Contains(v.Name)))
        {
            var copy = info.Clone();
            copy.Name = Renamed(copy.Name);
            graph.ValueInfo.Add(copy);
        }
        return kept.ToDictionary(o => o, Renamed, StringComparer.Ordinal);
    }

    private static string Node(GraphProto graph, string opType, IReadOnlyList<string> inputs, string name, string? output = null)
    {
        var node = new NodeProto { OpType = opType, Name = Own + name };
        node.Input.AddRange(inputs);
        node.Output.Add(output ?? Own + name);
        graph.Node.Add(node);
        return node.Output[0];
    }

    private static string FloatConstant(GraphProto graph, string name, float value)
    {
        var tensor = new TensorProto { Name = Own + name, DataType = (int)TensorProto.Types.DataType.Float, RawData = ByteString.CopyFrom(BitConverter.GetBytes(value)) };
        graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    /// <summary>A float [N,2] output, N the symbolic batch dimension as in every SPFusion graph.</summary>
    private static ValueInfoProto PairOutput(string name)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = OnnxGraphBuilder.BatchDimension });
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = 2 });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }

    /// <summary>
    /// Member 0's descriptions of the inputs (shared by all), the network options when every member has the same, and the
    /// ensemble's own record; the members' training summaries describe single members and are left out.
    /// </summary>
    private static IEnumerable<(string Key, string Value)> Metadata(IReadOnlyList<Member> members)
    {
        var kept = new[] { OnnxMetadataKeys.PackageVersion, OnnxMetadataKeys.SpectrumPreparation, OnnxMetadataKeys.PhotometricPreparation };
        var first = members[0].Model.MetadataProps.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        foreach (string key in kept)
        {
            if (first.TryGetValue(key, out var value)) yield return (key, value);
        }
        var options = members.Select(m => m.Model.MetadataProps.FirstOrDefault(p => p.Key == OnnxMetadataKeys.NetworkOptions)?.Value).Distinct().ToList();
        if (options is [{ } same]) yield return (OnnxMetadataKeys.NetworkOptions, same);
        yield return (OnnxMetadataKeys.Outputs,
            "prediction [N,2]: the members' mean, column 0 mass (solar masses), column 1 age (Gyr); ensemble_sigma [N,2]: the members' " +
            "sample standard deviation (divided by K-1) of mass and age" +
            string.Concat(members[0].Parts.Select(p => $"; {p} [N,2]: the root mean square of the members' {p}")) +
            "; prediction_sigma [N,2]: the total, " + (members[0].Parts.Count == 0 ? "equal to ensemble_sigma" : "the quadrature sum of ensemble_sigma and the parts"));
        yield return (MembersKey, members.Count.ToString(CultureInfo.InvariantCulture));
        yield return (MemberSha256Key, string.Join(",", members.Select(m => Convert.ToHexStringLower(m.Sha256))));
        yield return (MemberSourcesKey, string.Join("\n", members.Select(m => m.Source)));
        yield return (SigmaKey, "sample standard deviation of the members' predictions (sum of squared deviations from the mean divided by K-1)");
    }

    private static string Describe(IEnumerable<ValueInfoProto> inputs) => string.Join(", ", inputs.Select(i =>
    {
        var tensor = i.Type?.TensorType;
        string type = tensor is null ? "non-tensor" : ((TensorProto.Types.DataType)tensor.ElemType).ToString().ToLowerInvariant();
        string dims = tensor?.Shape is { } shape
            ? string.Join(",", shape.Dim.Select(d => d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue ? d.DimValue.ToString(CultureInfo.InvariantCulture) : "N"))
            : "?";
        return $"{i.Name} {type} [{dims}]";
    }));

    private static string Describe(IEnumerable<OperatorSetIdProto> opsets) =>
        string.Join(", ", opsets.OrderBy(o => o.Domain, StringComparer.Ordinal).Select(o => $"{(o.Domain.Length == 0 ? "ai.onnx" : o.Domain)} {o.Version}"));

    private sealed record Member(int Index, string Source, string Who, ModelProto Model, IReadOnlyList<ValueInfoProto> Inputs, string PredictionOutput,
        IReadOnlyList<string> Parts, byte[] Sha256);
}
