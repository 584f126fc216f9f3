using Google.Protobuf;
using Onnx;
using SPFusion.ML.Network;

namespace SPFusion.ML.Onnx.Import;

/// <summary>
/// Loads the authors' published ONNX model (<c>spfusion-published.onnx</c>) into a trainable
/// <see cref="SPFusionNetwork"/>: the graph is walked node by node, each weight-carrying node is checked against the
/// expected module path and op type, and its initialisers are mapped back onto the layers (batch norms unfolded as
/// identity-plus-bias norms). The result reproduces the ONNX outputs and can be fine-tuned like a fresh network.
/// </summary>
public static class PublishedOnnxImporter
{
    /// <summary>
    /// Reads <paramref name="onnxPath"/> and returns the network in evaluation mode (call <c>train()</c> to fine-tune).
    /// A file whose graph does not match the published architecture raises <see cref="InvalidDataException"/>
    /// naming the first node that does not fit.
    /// </summary>
    public static SPFusionNetwork Load(string onnxPath) => Load(onnxPath, NetworkOptions.Published);

    /// <summary>
    /// <see cref="Load(string)"/> into a network built with <paramref name="options"/>, which must have the published
    /// layout (<see cref="NetworkOptions.HasPublishedLayout"/>): only the dropout rates, which hold no weights, may differ.
    /// </summary>
    internal static SPFusionNetwork Load(string onnxPath, NetworkOptions options)
    {
        ArgumentNullException.ThrowIfNull(onnxPath);
        if (!options.HasPublishedLayout)
            throw new ArgumentException("the published weights need the published network layout (only dropout rates may differ)", nameof(options));
        if (!File.Exists(onnxPath)) throw new FileNotFoundException($"ONNX model not found: {onnxPath}", onnxPath);
        ModelProto model;
        try
        {
            using var stream = File.OpenRead(onnxPath);
            model = ModelProto.Parser.ParseFrom(stream);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new InvalidDataException($"{onnxPath}: not an ONNX model ({ex.Message})", ex);
        }
        if (model.Graph is null || model.Graph.Node.Count == 0)
            throw new InvalidDataException($"{onnxPath}: the ONNX model has no graph nodes");

        var network = new SPFusionNetwork(options);
        try
        {
            LoadInto(network, model.Graph, onnxPath);
        }
        catch
        {
            network.Dispose();
            throw;
        }
        network.eval();
        return network;
    }

    /// <summary>
    /// A ConvNeXt 1D baseline whose spectral extractor holds the release's spectrum-branch weights (the same blocks and
    /// parameter paths) and whose regression head is new, seeded with <paramref name="seed"/>: the release ships no
    /// baseline weights, and this lets a baseline start from the same spectral features as a fine-tuned SPFusion.
    /// </summary>
    public static ConvNeXt1DBaseline LoadSpectralBaseline(string onnxPath, int seed) =>
        LoadSpectralBaseline(onnxPath, seed, NetworkOptions.Published with { Variant = NetworkVariant.ConvNeXt1D });

    /// <summary>
    /// As <see cref="LoadSpectralBaseline(string, int)"/>, with the baseline built from <paramref name="baselineOptions"/>
    /// (its ConvNeXt dropout; the fusion options, which the baseline ignores, may be anything).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="baselineOptions"/> is not the ConvNeXt 1D variant.</exception>
    public static ConvNeXt1DBaseline LoadSpectralBaseline(string onnxPath, int seed, NetworkOptions baselineOptions)
    {
        ArgumentNullException.ThrowIfNull(baselineOptions);
        if (baselineOptions.Variant != NetworkVariant.ConvNeXt1D)
            throw new ArgumentException($"the spectral baseline needs Variant = {NetworkVariant.ConvNeXt1D}, not {baselineOptions.Variant}", nameof(baselineOptions));
        using var published = Load(onnxPath);
        var baseline = (ConvNeXt1DBaseline)NetworkFactory.Create(baselineOptions, seed);
        try
        {
            var weights = published.SpectralExtractor.state_dict();
            baseline.SpectralExtractor.load_state_dict(weights, strict: true);
        }
        catch
        {
            baseline.Dispose();
            throw;
        }
        baseline.eval();
        return baseline;
    }

    private static void LoadInto(SPFusionNetwork network, GraphProto graph, string file)
    {
        var initializers = new Dictionary<string, TensorProto>(StringComparer.Ordinal);
        foreach (var init in graph.Initializer) initializers[init.Name] = init;
        var steps = PublishedGraphPlan.Build(network, new ParameterLoader(file));
        var used = new HashSet<string>(StringComparer.Ordinal);
        int next = 0;
        foreach (var node in graph.Node)
        {
            var inputs = node.Input.Where(initializers.ContainsKey).ToList();
            if (inputs.Count == 0) continue;
            if (next >= steps.Count)
                throw new InvalidDataException($"{file}: node '{node.Name}' ({node.OpType}) carries weights but the published architecture has no further weight-carrying nodes");
            var step = steps[next];
            if (!step.Matches(node))
                throw new InvalidDataException($"{file}: node '{node.Name}' ({node.OpType}) does not fit the published architecture: expected a {step}");
            try
            {
                step.Load(node, inputs.Select(name => OnnxInitializer.Read(initializers[name], file)).ToList());
            }
            catch (InvalidDataException ex) when (!ex.Message.StartsWith(file, StringComparison.Ordinal))
            {
                throw new InvalidDataException($"{file}: {ex.Message}", ex);
            }
            used.UnionWith(inputs);
            next++;
        }
        if (next < steps.Count)
            throw new InvalidDataException($"{file}: the graph ends before the published architecture's {steps[next]} (found {next} of {steps.Count} weight-carrying nodes)");
        var unused = graph.Initializer.Select(i => i.Name).FirstOrDefault(n => !used.Contains(n));
        if (unused is not null)
            throw new InvalidDataException($"{file}: initializer '{unused}' is not used by any weight-carrying node of the published architecture");
    }
}
