using System.Globalization;
using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;

namespace SPFusion.ML.Onnx.Export;

/// <summary>
/// Assembles an ONNX model (opset 17, IR version 8) node by node. TorchSharp has no exporter, so the
/// SPFusion graph is written by hand; this class keeps value names unique, shares repeated constants and
/// gives inputs and outputs a symbolic batch dimension so one file serves any batch size.
/// </summary>
internal sealed class OnnxGraphBuilder
{
    /// <summary>Default-domain opset the graph is written against (ONNX Runtime 1.31 supports it fully).</summary>
    public const long OpsetVersion = 17;

    /// <summary>IR version 8 pairs with opset 17 and is accepted by every ONNX Runtime since 1.10.</summary>
    public const long IrVersion = 8;

    /// <summary>Name of the symbolic batch dimension on every graph input and output.</summary>
    public const string BatchDimension = "N";

    private readonly GraphProto _graph;
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _sharedConstants = new(StringComparer.Ordinal);
    private readonly List<KeyValuePair<string, string>> _metadata = [];

    /// <summary>Starts an empty graph called <paramref name="graphName"/>.</summary>
    public OnnxGraphBuilder(string graphName) => _graph = new GraphProto { Name = graphName };

    /// <summary>Number of floats stored as initialisers (the exported model's parameter count after folding).</summary>
    public long StoredFloatCount { get; private set; }

    /// <summary>The nodes emitted so far, in order (for tests and diagnostics).</summary>
    public IReadOnlyList<NodeProto> Nodes => _graph.Node;

    /// <summary>Declares a float32 graph input of shape [N, <paramref name="dimsAfterBatch"/>...]; returns its value name.</summary>
    public string AddInput(string name, params long[] dimsAfterBatch)
    {
        Claim(name);
        _graph.Input.Add(FloatValueInfo(name, dimsAfterBatch));
        return name;
    }

    /// <summary>
    /// Publishes <paramref name="value"/> as the graph output <paramref name="name"/> of shape [N, <paramref name="dimsAfterBatch"/>...].
    /// The producing node's output is renamed rather than copied through an Identity node.
    /// </summary>
    public void AddOutput(string value, string name, params long[] dimsAfterBatch)
    {
        if (value != name)
        {
            if (_graph.Input.Any(i => i.Name == value) || _graph.Initializer.Any(i => i.Name == value))
                throw new InvalidOperationException($"graph output '{name}' would rename graph input or initializer '{value}'");
            Claim(name);
            foreach (var node in _graph.Node)
            {
                Rename(node.Output, value, name);
                Rename(node.Input, value, name);
            }
            foreach (var output in _graph.Output)
            {
                if (output.Name == value) output.Name = name;
            }
        }
        _graph.Output.Add(FloatValueInfo(name, dimsAfterBatch));
    }

    /// <summary>Adds a float32 initialiser; returns its (uniquified) name.</summary>
    public string AddInitializer(string name, float[] data, long[] dims)
    {
        ArgumentNullException.ThrowIfNull(data);
        long count = dims.Aggregate(1L, (a, d) => a * d);
        if (count != data.Length)
            throw new ArgumentException($"initializer '{name}': {data.Length} values do not fill shape [{string.Join(",", dims)}]", nameof(data));
        var tensor = new TensorProto
        {
            Name = Unique(name),
            DataType = (int)TensorProto.Types.DataType.Float,
            RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(data.AsSpan())),
        };
        tensor.Dims.AddRange(dims);
        _graph.Initializer.Add(tensor);
        StoredFloatCount += data.Length;
        return tensor.Name;
    }

    /// <summary>Adds an int64 initialiser (shapes, axes); returns its name.</summary>
    public string AddInt64Initializer(string name, long[] data, long[] dims)
    {
        var tensor = new TensorProto
        {
            Name = Unique(name),
            DataType = (int)TensorProto.Types.DataType.Int64,
            RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(data.AsSpan())),
        };
        tensor.Dims.AddRange(dims);
        _graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    /// <summary>A float32 scalar constant, shared by every node that uses the same value.</summary>
    public string Scalar(float value)
    {
        string key = "f:" + BitConverter.SingleToInt32Bits(value).ToString(CultureInfo.InvariantCulture);
        if (_sharedConstants.TryGetValue(key, out var existing)) return existing;
        var tensor = new TensorProto
        {
            Name = Unique("const_" + value.ToString("R", CultureInfo.InvariantCulture)),
            DataType = (int)TensorProto.Types.DataType.Float,
            RawData = ByteString.CopyFrom(BitConverter.GetBytes(value)),
        };
        _graph.Initializer.Add(tensor);
        return _sharedConstants[key] = tensor.Name;
    }

    /// <summary>A 1-D int64 constant (Reshape shapes, ReduceSum axes), shared by every node that uses the same values.</summary>
    public string Int64Vector(params long[] values)
    {
        string key = "i:" + string.Join(",", values);
        if (_sharedConstants.TryGetValue(key, out var existing)) return existing;
        string name = AddInt64Initializer("const_i64_" + string.Join("_", values).Replace('-', 'm'), values, [values.Length]);
        return _sharedConstants[key] = name;
    }

    /// <summary>Adds a single-output node; returns the output's value name (derived from <paramref name="name"/>).</summary>
    public string AddNode(string opType, IReadOnlyList<string> inputs, string name, params AttributeProto[] attributes) =>
        AddNode(opType, inputs, 1, name, attributes)[0];

    /// <summary>Adds a node with <paramref name="outputCount"/> outputs; returns their value names.</summary>
    public string[] AddNode(string opType, IReadOnlyList<string> inputs, int outputCount, string name, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = Unique(name) };
        node.Input.AddRange(inputs);
        var outputs = new string[outputCount];
        for (int i = 0; i < outputCount; i++)
            outputs[i] = Unique(outputCount == 1 ? node.Name + "_out" : $"{node.Name}_out{i}");
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        _graph.Node.Add(node);
        return outputs;
    }

    /// <summary>Records a model-level metadata property (ONNX Runtime exposes these as custom metadata).</summary>
    public void AddMetadata(string key, string value)
    {
        if (_metadata.Any(p => p.Key == key)) throw new ArgumentException($"metadata key '{key}' given twice", nameof(key));
        _metadata.Add(new(key, value));
    }

    /// <summary>The finished model; the builder must not be used afterwards.</summary>
    public ModelProto Build(string producerVersion, string docString = "")
    {
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "SPFusion.ML",
            ProducerVersion = producerVersion,
            Domain = "spfusion",
            ModelVersion = 1,
            DocString = docString,
            Graph = _graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OpsetVersion });
        foreach (var (key, value) in _metadata)
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        return model;
    }

    private string Unique(string name)
    {
        if (_names.Add(name)) return name;
        for (int i = 1; ; i++)
        {
            string candidate = $"{name}_{i}";
            if (_names.Add(candidate)) return candidate;
        }
    }

    private void Claim(string name)
    {
        if (!_names.Add(name)) throw new InvalidOperationException($"value name '{name}' is already used in the graph");
    }

    private static void Rename(Google.Protobuf.Collections.RepeatedField<string> names, string from, string to)
    {
        for (int i = 0; i < names.Count; i++)
        {
            if (names[i] == from) names[i] = to;
        }
    }

    private static ValueInfoProto FloatValueInfo(string name, long[] dimsAfterBatch)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = BatchDimension });
        foreach (long d in dimsAfterBatch)
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }
}
