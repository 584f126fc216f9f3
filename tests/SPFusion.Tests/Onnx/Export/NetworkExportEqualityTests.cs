using SPFusion.ML.Network;
using static SPFusion.Tests.Onnx.Export.NetworkExportFixtures;

namespace SPFusion.Tests.Onnx.Export;

/// <summary>ONNX Runtime on the exported graph equals the TorchSharp eval forward (1e-5 absolute, every output, 8 inputs).</summary>
public sealed class NetworkExportEqualityTests
{
    [Fact]
    public void RandomlyInitialisedNetworkExportsExactly()
    {
        using var network = NetworkFactory.Create(NetworkOptions.Published, 42);
        AssertExportMatchesTorch(network, "random init");
    }

    [Fact]
    public void BrieflyTrainedNetworkExportsExactlyAndKeepsTrainingMode()
    {
        using var network = NetworkFactory.Create(NetworkOptions.Published, 43);
        TrainBriefly(network, 5);
        _ = ML.Onnx.Export.OnnxExporter.BuildModel(network);
        Assert.True(network.training, "export must restore the training flag");
        AssertExportMatchesTorch(network, "after 3 Adam steps");
    }

    public static TheoryData<NetworkVariant> ComparisonNetworks =>
        [NetworkVariant.ConvNeXt1DPaper, NetworkVariant.RacNet, NetworkVariant.Sscnn, NetworkVariant.ResNet10T];

    [Theory]
    [MemberData(nameof(ComparisonNetworks))]
    public void ComparisonNetworksExportExactlyAfterTrainingSteps(NetworkVariant variant)
    {
        // Batch-norm running statistics from data, weights moved by Adam: what a trained comparison network exports.
        using var network = NetworkFactory.Create(NetworkOptions.Published with { Variant = variant }, 45);
        TrainBriefly(network, 7);
        AssertExportMatchesTorch(network, $"{variant} after 3 Adam steps");
    }

    public static TheoryData<string> Ablations => ["no-star", "star-kernel-5", "ffn-ratio-2", "heads-2", "heads-4", "heads-7", "metaformer-2", "baseline",
        "convnext1d-paper", "racnet", "sscnn", "sscnn-1024", "resnet10t"];

    [Theory]
    [MemberData(nameof(Ablations))]
    public void EveryConfigurationExportsExactly(string configuration)
    {
        var options = configuration switch
        {
            "no-star" => NetworkOptions.Published with { UseStarOperator = false },
            "star-kernel-5" => NetworkOptions.Published with { StarFusionKernelSize = 5 },
            "ffn-ratio-2" => NetworkOptions.Published with { FeedForwardExpansion = 2 },
            "heads-2" => NetworkOptions.Published with { FusionHeads = 2 },
            "heads-4" => NetworkOptions.Published with { FusionHeads = 4 },
            "heads-7" => NetworkOptions.Published with { FusionHeads = 7 },
            "metaformer-2" => NetworkOptions.Published with { MetaFormerBlocks = 2 },
            "baseline" => NetworkOptions.Published with { Variant = NetworkVariant.ConvNeXt1D },
            "convnext1d-paper" => NetworkOptions.Published with { Variant = NetworkVariant.ConvNeXt1DPaper },
            "racnet" => NetworkOptions.Published with { Variant = NetworkVariant.RacNet },
            "sscnn" => NetworkOptions.Published with { Variant = NetworkVariant.Sscnn },
            "sscnn-1024" => NetworkOptions.Published with { Variant = NetworkVariant.Sscnn, SscnnHiddenWidth = 1024 },
            "resnet10t" => NetworkOptions.Published with { Variant = NetworkVariant.ResNet10T },
            _ => throw new ArgumentOutOfRangeException(nameof(configuration), configuration, null),
        };
        using var network = NetworkFactory.Create(options, 44);
        Perturb(network, 6);
        AssertExportMatchesTorch(network, configuration);
    }
}
