using System.Globalization;
using Google.Protobuf;
using Onnx;
using SPFusion.ML.Network;
using SPFusion.ML.Onnx.Export;
using SPFusion.ML.Persistence;
using SPFusion.Transforms;
using TorchSharp;
using static TorchSharp.torch;

namespace SPFusion.ML.Onnx.Uncertainty;

/// <summary>
/// Monte Carlo dropout as one ONNX graph: T passes of the network with its dropout and drop-path layers active (at the
/// network's own rates) and batch norm in evaluation mode, over shared inputs. <c>prediction</c> is the passes' mean,
/// <c>dropout_sigma</c> their sample standard deviation (divided by T-1) and <c>prediction_sigma</c> the total, equal to
/// <c>dropout_sigma</c> unless the head also predicts a sigma (then <c>predicted_sigma</c> is the root mean square of the
/// passes' predicted sigmas and the total combines both in quadrature).
/// </summary>
/// <remarks>
/// <para>
/// The masks are constants of the graph, drawn once per pass from a TorchSharp <see cref="Generator"/> seeded with the
/// seed, and shared by every star of a batch (shape [1, ...], broadcast over N; a drop-path mask is one value per pass).
/// ONNX's <c>RandomUniform</c> would instead advance its state on every run, so a star's estimate would depend on which
/// stars share its batch and on call order; with constant masks it depends only on (model, T, seed). Each star still sees,
/// in pass t, a Bernoulli mask independent of its other passes, so the distribution of its T predictions is the one
/// training-time dropout gives. The stars of one batch share their masks, so their errors are correlated across stars,
/// which matters only to a statistic pooled over stars.
/// </para>
/// <para>
/// The network is emitted T times into one builder that stores an initialiser requested again with identical bytes only
/// once, so the weights are in the file once; element-wise masks are stored as bytes and widened by nodes of constants
/// that ONNX Runtime folds when it loads the graph. The attention outputs are left out, as in an ensemble: T maps are T
/// perturbed explanations. Cost: at most T times one pass; ONNX Runtime computes the nodes before the first dropout
/// (SPFusion's whole photometric branch) once, by common-subexpression elimination, so SPFusion with T = 20 measured
/// 1.7x to 2.6x one pass at batch 32 (README).
/// </para>
/// </remarks>
internal static class MonteCarloDropoutGraph
{
    /// <summary>Prefix of the combining nodes' names; the passes' start with <c>pass</c>, so they cannot collide.</summary>
    private const string Own = "mc_dropout/";

    /// <summary>Metadata key: number of passes T.</summary>
    public const string PassesKey = "spfusion.mc_dropout.passes";

    /// <summary>Metadata key: the seed the masks were drawn with.</summary>
    public const string SeedKey = "spfusion.mc_dropout.seed";

    /// <summary>Metadata key: the nonzero rates the masks were drawn at ("dropout=0.3;drop_path=0.3;convnext_dropout=0.2").</summary>
    public const string RatesKey = "spfusion.mc_dropout.rates";

    /// <summary>Metadata key: how the masks are drawn and applied.</summary>
    public const string MasksKey = "spfusion.mc_dropout.masks";

    /// <summary>Metadata key: what the sigma outputs hold.</summary>
    public const string SigmaKey = "spfusion.mc_dropout.sigma";

    /// <summary>The MC dropout graph's bytes, checked to load as an SPFusion graph with an uncertainty.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="passes"/> is below 2.</exception>
    /// <exception cref="ArgumentException">The network has no dropout or drop-path layer of nonzero rate.</exception>
    public static byte[] Export(StarNetwork network, int passes, int seed, OnnxExportMetadata? metadata = null)
    {
        byte[] bytes = Build(network, passes, seed, metadata).ToByteArray();
        var layout = OnnxModelLayout.Inspect(bytes, "the Monte Carlo dropout graph");
        if (layout.SigmaOutput is null) throw new InvalidOperationException("the Monte Carlo dropout graph lost its prediction_sigma output");
        return bytes;
    }

    /// <summary>Builds the graph without loading it; the network's training flag is restored afterwards.</summary>
    public static ModelProto Build(StarNetwork network, int passes, int seed, OnnxExportMetadata? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        CheckPasses(passes);
        bool wasTraining = network.training;
        network.eval();
        try
        {
            using var noGrad = no_grad();
            var masks = DrawMasks(network, passes, seed);
            var graph = new OnnxGraphBuilder(NetworkVariants.CliName(network.Options.Variant) + "-mc-dropout") { ReuseIdenticalInitializers = true };
            var inputs = NetworkGraphEmitter.AddInputs(graph, network);
            var outputs = new List<NetworkGraphOutputs>(passes);
            foreach (var pass in masks)
            {
                graph.NodePrefix = string.Create(CultureInfo.InvariantCulture, $"pass{pass.Index}/");
                graph.Dropout = pass;
                outputs.Add(NetworkGraphEmitter.EmitBody(graph, network, inputs));
                // A layer the emitters do not route through Drop would silently act as in evaluation mode.
                if (pass.Unused.FirstOrDefault() is { } missed)
                    throw new InvalidOperationException($"the ONNX emitters of {network.GetType().Name} do not apply its {missed.GetType().Name} layer (rate {missed.Probability}); Monte Carlo dropout cannot be exported");
            }
            graph.NodePrefix = Own;
            graph.Dropout = null;
            bool predictsSigma = Combine(graph, outputs);
            OnnxExporter.WriteMetadata(graph, network, metadata, OutputsDescription(predictsSigma));
            foreach (var (key, value) in Metadata(network, passes, seed, predictsSigma)) graph.AddMetadata(key, value);
            return graph.Build(OnnxExporter.PackageVersion,
                $"SPFusion for .NET Monte Carlo dropout of {network.GetType().Name} ({passes} passes, seed {seed}): mean mass (Msun) and age (Gyr) of red clump stars and their spread");
        }
        finally
        {
            network.train(wasTraining);
        }
    }

    /// <summary>Refuses fewer than two passes: one pass has no spread.</summary>
    public static void CheckPasses(int passes)
    {
        if (passes < 2)
            throw new ArgumentOutOfRangeException(nameof(passes), passes, $"Monte Carlo dropout needs at least 2 passes for a standard deviation (got {passes})");
    }

    /// <summary>
    /// The nonzero dropout rates the options give a network of their variant, by name; empty for a variant without dropout
    /// layers (RAC-Net, SSCNN, ResNet10-T) or with every rate 0. Lets a caller refuse before building anything.
    /// </summary>
    public static IReadOnlyList<(string Name, double Rate)> Rates(NetworkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        (string, double)[] all = options.Variant switch
        {
            NetworkVariant.SPFusion => [("dropout", options.Dropout), ("drop_path", options.DropPath), ("convnext_dropout", options.ConvNeXtDropout)],
            NetworkVariant.ConvNeXt1D or NetworkVariant.ConvNeXt1DPaper => [("convnext_dropout", options.ConvNeXtDropout)],
            _ => [],
        };
        return [.. all.Where(r => r.Item2 > 0)];
    }

    /// <summary>The refusal for options whose network would have no dropout to sample, or null when it has some.</summary>
    public static string? NoDropoutReason(NetworkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (Rates(options).Count > 0) return null;
        return options.Variant is NetworkVariant.SPFusion or NetworkVariant.ConvNeXt1D or NetworkVariant.ConvNeXt1DPaper
            ? $"the {NetworkVariants.CliName(options.Variant)} network has every dropout and drop-path rate at 0, so Monte Carlo dropout would give every pass the same prediction"
            : $"the {NetworkVariants.CliName(options.Variant)} network has no dropout or drop-path layer, so Monte Carlo dropout would give every pass the same prediction";
    }

    /// <summary>
    /// Draws the masks of <paramref name="passes"/> passes, pass after pass, each pass's layers in module order, from one
    /// generator seeded with <paramref name="seed"/>: pass t's masks do not depend on T.
    /// </summary>
    /// <exception cref="ArgumentException">The network has no dropout or drop-path layer of nonzero rate.</exception>
    public static IReadOnlyList<DropoutPass> DrawMasks(StarNetwork network, int passes, int seed)
    {
        ArgumentNullException.ThrowIfNull(network);
        var layers = network.modules().OfType<RandomDropLayer>().Where(l => l.Probability > 0).ToList();
        if (layers.Count == 0)
            throw new ArgumentException((NoDropoutReason(network.Options) ?? $"{network.GetType().Name} has no dropout or drop-path layer of nonzero rate") + "; Monte Carlo dropout needs one", nameof(network));
        var shapes = InputShapes(network, layers);
        using var generator = new Generator(unchecked((ulong)seed), CPU);
        var result = new List<DropoutPass>(passes);
        for (int t = 0; t < passes; t++)
        {
            var masks = new List<(RandomDropLayer, DropoutMask)>(layers.Count);
            foreach (var layer in layers)
            {
                using var mask = layer.SampleKeepMask(shapes[layer], generator);
                masks.Add((layer, new DropoutMask(TensorValues.ToFloats(mask), TensorValues.Dims(mask), 1 - layer.Probability)));
            }
            result.Add(new DropoutPass(t, masks));
        }
        return result;
    }

    /// <summary>
    /// Each layer's input shape, recorded while one star of zeros runs through the network in evaluation mode (in training
    /// mode the batch norms would update their running statistics from it).
    /// </summary>
    private static Dictionary<RandomDropLayer, long[]> InputShapes(StarNetwork network, IReadOnlyList<RandomDropLayer> layers)
    {
        bool wasTraining = network.training;
        network.eval();
        foreach (var layer in layers) layer.RecordInputShape = true;
        try
        {
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            var photometric = zeros([1, SPFusionShapes.Bands, SPFusionShapes.ImageSize, SPFusionShapes.ImageSize]);
            var spectrum = zeros([1, 1, SPFusionShapes.SpectrumLength]);
            using var output = network.forward(photometric, spectrum);
            var shapes = new Dictionary<RandomDropLayer, long[]>(ReferenceEqualityComparer.Instance);
            foreach (var layer in layers)
            {
                shapes[layer] = layer.LastInputShape
                    ?? throw new InvalidOperationException($"{network.GetType().Name}'s forward does not use its {layer.GetType().Name} layer (rate {layer.Probability})");
            }
            return shapes;
        }
        finally
        {
            foreach (var layer in layers) layer.RecordInputShape = false;
            network.train(wasTraining);
        }
    }

    /// <summary>
    /// Adds the mean, the spread and the total over the passes' outputs and publishes them as the graph's outputs; true when
    /// the passes also predict a sigma.
    /// </summary>
    internal static bool Combine(OnnxGraphBuilder graph, IReadOnlyList<NetworkGraphOutputs> passes)
    {
        int count = passes.Count;
        var (mean, variance, spread) = SampleSpreadNodes.Add((op, inputs, name) => graph.AddNode(op, inputs, name), graph.Scalar,
            passes.Select(p => p.Prediction).ToList());

        int predicting = passes.Count(p => p.PredictedSigma is not null);
        if (predicting != 0 && predicting != count)
            throw new InvalidOperationException($"{predicting} of {count} passes predict a sigma; a network's passes all do or none does");
        string total;
        string? predicted = null;
        if (predicting == count)
        {
            // The data's own variance is averaged over the passes (the mean of sigma^2, not of sigma), then added to the
            // passes' spread in quadrature, as astroNN combines MC dropout with a predicted variance.
            var predictedSquares = passes.Select((p, t) => graph.AddNode("Mul", [p.PredictedSigma!, p.PredictedSigma!], $"predicted_square{t}")).ToList();
            string predictedVariance = graph.AddNode("Mean", predictedSquares, "predicted_variance");
            predicted = graph.AddNode("Sqrt", [predictedVariance], "predicted_spread");
            string totalVariance = graph.AddNode("Add", [variance, predictedVariance], "total_variance");
            total = graph.AddNode("Sqrt", [totalVariance], "total");
        }
        else
        {
            total = graph.AddNode("Identity", [spread], "total");
        }

        graph.AddOutput(mean, SPFusionOnnxNames.PredictionOutput, StarNetwork.Targets);
        graph.AddOutput(total, SPFusionOnnxNames.SigmaOutput, StarNetwork.Targets);
        graph.AddOutput(spread, SPFusionOnnxNames.DropoutSigmaOutput, StarNetwork.Targets);
        if (predicted is not null) graph.AddOutput(predicted, SPFusionOnnxNames.PredictedSigmaOutput, StarNetwork.Targets);
        return predicted is not null;
    }

    private static string OutputsDescription(bool predictsSigma) =>
        "prediction [N,2]: the mean over the Monte Carlo dropout passes, column 0 mass (solar masses), column 1 age (Gyr); " +
        "dropout_sigma [N,2]: the passes' sample standard deviation (divided by T-1) of mass and age; " +
        (predictsSigma
            ? "predicted_sigma [N,2]: the root mean square over the passes of the head's predicted sigma; " +
              "prediction_sigma [N,2]: the total, sqrt(dropout_sigma^2 + predicted_sigma^2)"
            : "prediction_sigma [N,2]: the total, equal to dropout_sigma");

    private static IEnumerable<(string Key, string Value)> Metadata(StarNetwork network, int passes, int seed, bool predictsSigma)
    {
        yield return (PassesKey, passes.ToString(CultureInfo.InvariantCulture));
        yield return (SeedKey, seed.ToString(CultureInfo.InvariantCulture));
        yield return (RatesKey, string.Join(";", Rates(network.Options).Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Name}={r.Rate:R}"))));
        yield return (MasksKey,
            "constants of the graph, drawn once per pass from a TorchSharp generator seeded with the seed and shared by every star " +
            "of a batch (element-wise dropout: one Bernoulli(1-rate) draw per value of a star's tensor; drop-path: one draw per pass), " +
            "survivors divided by 1-rate; a star's outputs depend only on the model, the passes and the seed, not on its batch or call order");
        yield return (SigmaKey, predictsSigma
            ? "dropout_sigma: sample standard deviation of the passes' predictions (divided by T-1); prediction_sigma: it and predicted_sigma in quadrature"
            : "sample standard deviation of the passes' predictions (sum of squared deviations from the mean divided by T-1)");
    }
}
