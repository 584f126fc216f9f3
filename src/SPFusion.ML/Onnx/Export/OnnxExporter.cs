using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using SPFusion.ML.Network;
using SPFusion.Transforms;
using static TorchSharp.torch;

namespace SPFusion.ML.Onnx.Export;

/// <summary>
/// Writes a network's current weights as a self-describing ONNX model (opset 17) that ONNX Runtime and ML.NET's
/// OnnxTransformer can run without TorchSharp. Batch norms are folded, dropout and drop-path vanish (eval mode).
/// SPFusion graphs take <c>photometric</c> and <c>spectrum</c> and give <c>prediction</c>, <c>fusion_attention</c> and
/// <c>channel_attention</c>; the comparison networks' graphs take only the input they read (<c>spectrum</c>, or
/// <c>photometric</c> for ResNet10-T) and give only <c>prediction</c>.
/// </summary>
public static class OnnxExporter
{
    private static readonly JsonSerializerOptions OptionsJson = new() { Converters = { new JsonStringEnumConverter() } };

    /// <summary>Exports to <paramref name="path"/>, then proves the written file loads in ONNX Runtime (deleting it and throwing if not).</summary>
    public static void Export(StarNetwork network, string path, OnnxExportMetadata? metadata = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes = BuildModel(network, metadata).ToByteArray();
        File.WriteAllBytes(path, bytes);
        try
        {
            Validate(() => Persistence.OnnxSessionSettings.Open(path), network, $"file {path}");
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    /// <summary>Exports to <paramref name="destination"/>; the bytes are validated in ONNX Runtime before anything is written.</summary>
    public static void ExportToStream(StarNetwork network, Stream destination, OnnxExportMetadata? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(destination);
        byte[] bytes = ExportToBytes(network, metadata);
        destination.Write(bytes);
    }

    /// <summary>Exports to a byte array, validated in ONNX Runtime.</summary>
    public static byte[] ExportToBytes(StarNetwork network, OnnxExportMetadata? metadata = null)
    {
        byte[] bytes = BuildModel(network, metadata).ToByteArray();
        Validate(() => Persistence.OnnxSessionSettings.Open(bytes), network, "in memory");
        return bytes;
    }

    /// <summary>
    /// Builds the ONNX model without validating it. The network is put in eval mode while its weights are read and its
    /// training flag is restored afterwards.
    /// </summary>
    internal static ModelProto BuildModel(StarNetwork network, OnnxExportMetadata? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        bool wasTraining = network.training;
        network.eval();
        try
        {
            using var noGrad = no_grad();
            var graph = new OnnxGraphBuilder(NetworkVariants.CliName(network.Options.Variant));
            NetworkGraphEmitter.Emit(graph, network);
            WriteMetadata(graph, network, metadata);
            return graph.Build(PackageVersion, $"SPFusion for .NET export of {network.GetType().Name}: mass (Msun) and age (Gyr) of red clump stars");
        }
        finally
        {
            network.train(wasTraining);
        }
    }

    /// <summary>The package version stamped into exported files.</summary>
    public static string PackageVersion { get; } =
        typeof(OnnxExporter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";

    /// <summary>
    /// Writes the export's metadata: package version, network options, input conventions, what the outputs hold
    /// (<paramref name="outputs"/>, or the single export's description when null) and where the weights came from.
    /// </summary>
    internal static void WriteMetadata(OnnxGraphBuilder graph, StarNetwork network, OnnxExportMetadata? metadata, string? outputs = null)
    {
        graph.AddMetadata(OnnxMetadataKeys.PackageVersion, PackageVersion);
        graph.AddMetadata(OnnxMetadataKeys.NetworkOptions, JsonSerializer.Serialize(network.Options, OptionsJson));
        if (network.UsesSpectrum) graph.AddMetadata(OnnxMetadataKeys.SpectrumPreparation, OnnxInputConventions.Spectrum);
        if (network.UsesPhotometry) graph.AddMetadata(OnnxMetadataKeys.PhotometricPreparation, OnnxInputConventions.Photometric);
        graph.AddMetadata(OnnxMetadataKeys.Outputs, outputs ?? (network is SPFusionNetwork
            ? OnnxInputConventions.SPFusionOutputs + (network.LogVarianceLayer is null ? "" : OnnxInputConventions.PredictedSigmaOutputs)
            : network.UsesSpectrum ? OnnxInputConventions.BaselineOutputs : OnnxInputConventions.ImageBaselineOutputs));
        if (metadata?.WeightsSource is { } source) graph.AddMetadata(OnnxMetadataKeys.WeightsSource, source);
        if (metadata?.Training is { } t)
        {
            graph.AddMetadata(OnnxMetadataKeys.TrainingEpochs, t.Epochs.ToString(CultureInfo.InvariantCulture));
            graph.AddMetadata(OnnxMetadataKeys.TrainingBestValidationLoss, t.BestValidationLoss.ToString("R", CultureInfo.InvariantCulture));
            graph.AddMetadata(OnnxMetadataKeys.TrainingSamples, t.TrainingSamples.ToString(CultureInfo.InvariantCulture));
            graph.AddMetadata(OnnxMetadataKeys.ValidationSamples, t.ValidationSamples.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static void Validate(Func<InferenceSession> load, StarNetwork network, string where)
    {
        InferenceSession session;
        try
        {
            session = load();
        }
        catch (OnnxRuntimeException ex)
        {
            throw new InvalidOperationException($"exported ONNX model ({where}) failed to load in ONNX Runtime: {ex.Message}", ex);
        }
        using (session)
        {
            string[] expectedInputs = [.. network.UsesPhotometry ? [SPFusionOnnxNames.PhotometricInput] : Array.Empty<string>(),
                .. network.UsesSpectrum ? [SPFusionOnnxNames.SpectrumInput] : Array.Empty<string>()];
            if (!session.InputNames.SequenceEqual(expectedInputs))
                throw new InvalidOperationException($"exported ONNX model ({where}) has inputs [{string.Join(", ", session.InputNames)}], expected [{string.Join(", ", expectedInputs)}]");
            if (!session.OutputNames.Contains(SPFusionOnnxNames.PredictionOutput))
                throw new InvalidOperationException($"exported ONNX model ({where}) has no '{SPFusionOnnxNames.PredictionOutput}' output");
        }
    }
}
