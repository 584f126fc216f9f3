using SPFusion.ML.Network;
using TorchSharp;
using static TorchSharp.torch;

namespace SPFusion.Tests.Network;

public class NetworkStructureTests
{
    [Fact]
    public void PublishedConfigurationHasTheDocumentedParameterCount()
    {
        using var net = NetworkFactory.Create(NetworkOptions.Published, 42);
        Assert.IsType<SPFusionNetwork>(net);
        Assert.Equal(939_398, net.TrainableParameterCount());
    }

    [Fact]
    public void SpectralExtractorHasTheDocumentedParameterCount()
    {
        using var extractor = new ConvNeXt1DExtractor(0.2);
        Assert.Equal(559_520, extractor.parameters().Sum(p => p.numel()));
    }

    [Fact]
    public void BaselineIsTheExtractorPlusASmallHead()
    {
        using var net = NetworkFactory.Create(NetworkOptions.Published with { Variant = NetworkVariant.ConvNeXt1D }, 42);
        Assert.IsType<ConvNeXt1DBaseline>(net);
        Assert.Equal(566_850, net.TrainableParameterCount());
    }

    [Fact]
    public void ParameterNamesMirrorTheAuthorsModulePaths()
    {
        using var net = (SPFusionNetwork)NetworkFactory.Create(NetworkOptions.Published, 1);
        var names = net.state_dict().Keys.ToHashSet();
        string[] expected =
        [
            "spec_feature_extractor.stem.weight",
            "spec_feature_extractor.extractor.0.blocks.0.conv_d.weight",
            "spec_feature_extractor.extractor.0.blocks.0.ln.weight",
            "spec_feature_extractor.extractor.0.blocks.2.conv_2.bias",
            "spec_feature_extractor.extractor.1.down_sample.weight",
            "spec_feature_extractor.extractor.2.ln.bias",
            "photo_feature_extractor.feature_extractor.conv1.0.weight",
            "photo_feature_extractor.feature_extractor.conv1.1.running_var",
            "photo_feature_extractor.feature_extractor.conv1.6.weight",
            "photo_feature_extractor.feature_extractor.bn1.weight",
            "photo_feature_extractor.feature_extractor.layer1.0.conv2.weight",
            "photo_feature_extractor.feature_extractor.layer1.0.bn2.running_mean",
            "photo_feature_extractor.conv_blk.0.weight",
            "photo_feature_extractor.conv_blk.1.weight",
            "photo_feature_extractor.conv_blk.2.bias",
            "photo_feature_extractor.linear_blk.1.weight",
            "star_fusion.photo_branch.0.block.0.weight",
            "star_fusion.photo_branch.0.block.1.running_mean",
            "star_fusion.spec_branch.1.block.0.bias",
            "star_fusion.fusion.0.block.1.weight",
            "star_fusion.fusion.1.block.0.weight",
            "fusion_trans_blk.mhsa.ln_q.weight",
            "fusion_trans_blk.mhsa.ln_v.bias",
            "fusion_trans_blk.ffn.ln.weight",
            "fusion_trans_blk.ffn.ffn.0.weight",
            "fusion_trans_blk.ffn.ffn.2.bias",
            "trans_blks.0.ffn.ffn.3.weight",
            "classification_head.se_blk.2.weight",
            "classification_head.se_blk.4.weight",
            "classification_head.conv_blk.0.weight",
            "classification_head.conv_blk.1.running_var",
            "classification_head.out_linear.bias",
        ];
        foreach (var name in expected) Assert.Contains(name, names);
        Assert.DoesNotContain("trans_blks.0.ffn.ffn.3.bias", names);
    }

    [Fact]
    public void ForwardGivesTheDocumentedShapes()
    {
        using var net = NetworkFactory.Create(NetworkOptions.Published, 3);
        net.eval();
        using var photometric = rand(2, 3, 128, 128);
        using var spectrum = rand(2, 1, 3584);
        using var output = net.forward(photometric, spectrum);
        Assert.Equal(new long[] { 2, 2 }, output.Prediction.shape);
        Assert.Equal(new long[] { 2, 1, 96, 96 }, output.FusionAttention!.shape);
        Assert.Equal(new long[] { 2, 96 }, output.ChannelAttention!.shape);
    }
}
