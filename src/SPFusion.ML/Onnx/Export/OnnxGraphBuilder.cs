using System.Globalization;
using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;
using SPFusion.ML.Network;
using SPFusion.ML.Runtime;

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

    // Initialisers by the name they were requested under (only with ReuseIdenticalInitializers).
    private readonly Dictionary<string, List<TensorProto>> _requested = new(StringComparer.Ordinal);

    /// <summary>Starts an empty graph called <paramref name="graphName"/>.</summary>
    public OnnxGraphBuilder(string graphName) => _graph = new GraphProto { Name = graphName };

    /// <summary>
    /// When true, an initialiser requested again under the same name with the same type, shape and bytes is not stored
    /// again: the earlier one is returned. A graph that emits the same network several times (Monte Carlo dropout's
    /// passes) then holds its weights once. False (default): every request stores a tensor, as a single export always has.
    /// </summary>
    public bool ReuseIdenticalInitializers { get; init; }

    /// <summary>Prepended to every node name (not to initialisers, which may be shared); empty by default.</summary>
    public string NodePrefix { get; set; } = "";

    /// <summary>
    /// The dropout masks of the pass being emitted; null (default) emits the evaluation-mode graph, where dropout and
    /// drop-path vanish (<see cref="Drop"/> returns its input).
    /// </summary>
    public DropoutPass? Dropout { get; set; }

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

    /// <summary>Adds a float32 initialiser, subnormals stored as zero (<see cref="Subnormals"/>); returns its (uniquified) name.</summary>
    public string AddInitializer(string name, float[] data, long[] dims)
    {
        ArgumentNullException.ThrowIfNull(data);
        data = Subnormals.Flushed(data);
        long count = dims.Aggregate(1L, (a, d) => a * d);
        if (count != data.Length)
            throw new ArgumentException($"initializer '{name}': {data.Length} values do not fill shape [{string.Join(",", dims)}]", nameof(data));
        bool stored = Store(name, TensorProto.Types.DataType.Float, MemoryMarshal.AsBytes(data.AsSpan()), dims, out string storedName);
        if (stored) StoredFloatCount += data.Length;
        return storedName;
    }

    /// <summary>Adds an int64 initialiser (shapes, axes); returns its name.</summary>
    public string AddInt64Initializer(string name, long[] data, long[] dims)
    {
        Store(name, TensorProto.Types.DataType.Int64, MemoryMarshal.AsBytes(data.AsSpan()), dims, out string stored);
        return stored;
    }

    /// <summary>Adds a uint8 initialiser (Monte Carlo dropout's keep masks, a quarter of their float size); returns its name.</summary>
    public string AddUInt8Initializer(string name, byte[] data, long[] dims)
    {
        ArgumentNullException.ThrowIfNull(data);
        Store(name, TensorProto.Types.DataType.Uint8, data, dims, out string stored);
        return stored;
    }

    /// <summary>
    /// Applies a dropout or drop-path layer: in an evaluation-mode export (no <see cref="Dropout"/> pass, or a layer of rate 0)
    /// it returns <paramref name="value"/> unchanged and adds nothing; in a Monte Carlo dropout pass it multiplies the value
    /// by the pass's constant mask for <paramref name="layer"/> divided by the keep probability, which broadcasts over the batch.
    /// </summary>
    public string Drop(string value, RandomDropLayer layer, string name)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (Dropout is not { } pass || !pass.TryUse(layer, out var mask)) return value;
        float scale = (float)(1 / mask.KeepProbability);
        string masked;
        if (mask.Keep.Length == 1)
        {
            // Drop-path: one draw for the whole star, stored as the scaled value itself (0 or 1/keep).
            masked = AddInitializer($"{NodePrefix}{name}/mask", [mask.Keep[0] * scale], mask.Dims);
        }
        else
        {
            // Element-wise: 0/1 bytes, widened and scaled by nodes of constants only, which ONNX Runtime folds at load.
            byte[] bytes = Array.ConvertAll(mask.Keep, k => k != 0 ? (byte)1 : (byte)0);
            string stored = AddUInt8Initializer($"{NodePrefix}{name}/mask", bytes, mask.Dims);
            string widened = AddNode("Cast", [stored], $"{name}/mask_float", OnnxAttribute.Int("to", (long)TensorProto.Types.DataType.Float));
            masked = AddNode("Mul", [widened, Scalar(scale)], $"{name}/mask_scaled");
        }
        return AddNode("Mul", [value, masked], name);
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
        var node = new NodeProto { OpType = opType, Name = Unique(NodePrefix + name) };
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

    /// <summary>Stores a tensor as an initialiser unless an identical one may be reused; false when reused.</summary>
    private bool Store(string name, TensorProto.Types.DataType type, ReadOnlySpan<byte> data, long[] dims, out string storedName)
    {
        ArgumentNullException.ThrowIfNull(dims);
        var bytes = ByteString.CopyFrom(data);
        if (ReuseIdenticalInitializers && _requested.TryGetValue(name, out var earlier))
        {
            var same = earlier.FirstOrDefault(e => e.DataType == (int)type && e.Dims.SequenceEqual(dims) && e.RawData.Equals(bytes));
            if (same is not null)
            {
                storedName = same.Name;
                return false;
            }
        }
        var tensor = new TensorProto { Name = Unique(name), DataType = (int)type, RawData = bytes };
        tensor.Dims.AddRange(dims);
        _graph.Initializer.Add(tensor);
        if (ReuseIdenticalInitializers)
        {
            if (!_requested.TryGetValue(name, out var list)) _requested[name] = list = [];
            list.Add(tensor);
        }
        storedName = tensor.Name;
        return true;
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
