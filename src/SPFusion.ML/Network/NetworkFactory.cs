namespace SPFusion.ML.Network;

/// <summary>Builds a network from options with weights that depend only on the seed.</summary>
public static class NetworkFactory
{
    /// <summary>
    /// Builds the network and initialises it with PyTorch's default initialisers drawn from a generator seeded with
    /// <paramref name="seed"/> (not torch's global generator), so the same seed gives identical weights on any thread.
    /// </summary>
    public static StarNetwork Create(NetworkOptions options, long seed)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        StarNetwork network = options.Variant switch
        {
            NetworkVariant.SPFusion => new SPFusionNetwork(options),
            NetworkVariant.ConvNeXt1D => new ConvNeXt1DBaseline(options),
            NetworkVariant.ConvNeXt1DPaper => new ConvNeXt1DPaperBaseline(options),
            NetworkVariant.RacNet => new RacNetBaseline(options),
            NetworkVariant.Sscnn => new SscnnBaseline(options),
            NetworkVariant.ResNet10T => new ResNet10TImageBaseline(options),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Variant, "unknown network variant"),
        };
        DefaultInitializer.Apply(network, seed);
        return network;
    }
}
