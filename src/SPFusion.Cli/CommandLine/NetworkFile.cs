using SPFusion.ML.Network;
using SPFusion.ML.Onnx.Import;
using SPFusion.ML.Persistence;

namespace SPFusion.Cli.CommandLine;

/// <summary>
/// A TorchSharp network from a file: an <c>.onnx</c> is imported as the authors' published model (published
/// configuration, no model flags); anything else is a weights checkpoint of this package (train --weights, or
/// compare/ablate's OUT/weights), built with the model flags given. Shared by export-onnx and explain.
/// </summary>
internal static class NetworkFile
{
    /// <summary>Loads <paramref name="path"/> (already resolved from <c>published</c>).</summary>
    public static StarNetwork Load(string path, NetworkOptions options)
    {
        if (ModelFileKind.IsOnnx(path)) return PublishedOnnxImporter.Load(path);
        // The seed only fills the weights that the checkpoint then overwrites in full (strict load).
        var network = NetworkFactory.Create(options, seed: 0);
        try
        {
            network.LoadWeights(path);
        }
        catch
        {
            network.Dispose();
            throw;
        }
        return network;
    }
}
