using SPFusion.Transforms;
using TorchSharp;
using static TorchSharp.torch;

namespace SPFusion.ML.Network;

/// <summary>
/// A layer table for a network: runs one zero sample through the network's stages in evaluation mode and records each
/// stage's output shape and trainable parameters. The rows partition the parameters, so they add up to the total.
/// </summary>
public static class NetworkSummary
{
    /// <summary>Describes <paramref name="network"/>; its training mode is restored afterwards.</summary>
    public static IReadOnlyList<LayerSummary> Describe(StarNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        bool wasTraining = network.training;
        network.eval();
        try
        {
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            var spectrum = zeros(1, 1, SPFusionShapes.SpectrumLength);
            var photometric = zeros(1, SPFusionShapes.Bands, SPFusionShapes.ImageSize, SPFusionShapes.ImageSize);
            return network switch
            {
                SPFusionNetwork net => DescribeSPFusion(net, photometric, spectrum),
                ConvNeXt1DBaseline net => DescribeBaseline(net, spectrum),
                ConvNeXt1DPaperBaseline net => DescribeConvNeXtPaper(net, spectrum),
                RacNetBaseline net => DescribeRacNet(net, spectrum),
                SscnnBaseline net => DescribeSscnn(net, spectrum),
                ResNet10TImageBaseline net => DescribeResNet(net, photometric),
                _ => throw new ArgumentException($"no summary for network type {network.GetType().Name}", nameof(network)),
            };
        }
        finally
        {
            network.train(wasTraining);
        }
    }

    private static List<LayerSummary> DescribeSPFusion(SPFusionNetwork net, Tensor photometric, Tensor spectrum)
    {
        var rows = new List<LayerSummary>();
        var xs = Spectral(net.SpectralExtractor, spectrum, rows);

        const string photo = "photo_feature_extractor";
        var xp = net.PhotometricExtractor.Backbone.forward(photometric);
        rows.Add(Row($"{photo}.feature_extractor", xp, net.PhotometricExtractor.Backbone));
        xp = net.PhotometricExtractor.Projection.forward(xp);
        rows.Add(Row($"{photo}.conv_blk", xp, net.PhotometricExtractor.Projection));
        xp = net.PhotometricExtractor.Tokens.forward(xp.reshape(xp.shape[0], xp.shape[1], -1));
        rows.Add(Row($"{photo}.linear_blk", xp, net.PhotometricExtractor.Tokens));

        var xf = net.StarFusion.forward(xs, xp);
        rows.Add(Row("star_fusion", xf, net.StarFusion));
        var x = cat([xp, xf, xs], 1);
        rows.Add(new LayerSummary("concat(x_p, x_f, x_s)", Shape(x), 0));
        var (fused, attention) = net.FusionBlock.forward(x);
        rows.Add(Row("fusion_trans_blk", fused, net.FusionBlock));
        rows.Add(new LayerSummary("fusion_trans_blk.attention", Shape(attention), 0));
        x = fused;
        for (int i = 0; i < net.MetaFormerBlocks.Count; i++)
        {
            x = net.MetaFormerBlocks[i].forward(x);
            rows.Add(Row($"trans_blks.{i}", x, net.MetaFormerBlocks[i]));
        }
        var weights = net.Head.ChannelAttention.forward(x);
        rows.Add(Row("classification_head.se_blk", weights, net.Head.ChannelAttention));
        var (prediction, _, _) = net.Head.forward(x);
        rows.Add(new LayerSummary(net.Head.LogVariance is null ? "classification_head (conv_blk, out_linear)" : "classification_head (conv_blk, out_linear, log_variance)", Shape(prediction),
            Count(net.Head) - Count(net.Head.ChannelAttention)));
        return rows;
    }

    private static List<LayerSummary> DescribeBaseline(ConvNeXt1DBaseline net, Tensor spectrum)
    {
        var rows = new List<LayerSummary>();
        var xs = Spectral(net.SpectralExtractor, spectrum, rows);
        rows.Add(Row("classification_head", net.Head.forward(xs), net.Head));
        return rows;
    }

    private static List<LayerSummary> DescribeConvNeXtPaper(ConvNeXt1DPaperBaseline net, Tensor spectrum)
    {
        var rows = new List<LayerSummary>();
        var x = Spectral(net.SpectralExtractor, spectrum, rows);
        rows.Add(new LayerSummary("flatten", Shape(x.flatten(1)), 0));
        rows.Add(Row("head", net.Head.forward(x), net.Head));
        return rows;
    }

    private static List<LayerSummary> DescribeRacNet(RacNetBaseline net, Tensor spectrum)
    {
        var rows = new List<LayerSummary>();
        var x = spectrum;
        for (int i = 0; i < net.Blocks.Count; i++)
        {
            x = net.Pool.forward(net.Blocks[i].forward(x));
            rows.Add(Row($"conv_structure.{i} (+ max pool)", x, net.Blocks[i]));
        }
        rows.Add(new LayerSummary("flatten", Shape(x.flatten(1)), 0));
        rows.Add(Row("fc_structure", net.Head.forward(x), net.Head));
        return rows;
    }

    private static List<LayerSummary> DescribeSscnn(SscnnBaseline net, Tensor spectrum)
    {
        var rows = new List<LayerSummary>();
        var x = spectrum;
        for (int i = 0; i < net.Stages.Count; i++)
        {
            x = net.Stages[i].forward(x);
            rows.Add(Row($"extractor.{i}", x, net.Stages[i]));
        }
        rows.Add(new LayerSummary("flatten", Shape(x.flatten(1)), 0));
        rows.Add(Row("fc_structure", net.Head.forward(x), net.Head));
        return rows;
    }

    private static List<LayerSummary> DescribeResNet(ResNet10TImageBaseline net, Tensor photometric)
    {
        const string name = "feature_extractor";
        var rows = new List<LayerSummary>();
        var backbone = net.Backbone;
        var x = backbone.maxpool.forward(backbone.act1.forward(backbone.StemNorm.forward(backbone.Stem.forward(photometric))));
        rows.Add(new LayerSummary($"{name}.conv1, bn1, maxpool (stem)", Shape(x), Count(backbone.Stem) + Count(backbone.StemNorm)));
        for (int s = 0; s < backbone.Layers.Count; s++)
        {
            long parameters = 0;
            foreach (var block in backbone.Layers[s])
            {
                x = block.forward(x);
                parameters += Count(block);
            }
            rows.Add(new LayerSummary($"{name}.layer{s + 1}", Shape(x), parameters));
        }
        x = x.mean([2, 3]);
        rows.Add(new LayerSummary("global average pool", Shape(x), 0));
        rows.Add(Row("head", net.Head.forward(x), net.Head));
        return rows;
    }

    private static Tensor Spectral(ConvNeXt1DExtractor extractor, Tensor spectrum, List<LayerSummary> rows)
    {
        var x = extractor.Stem.forward(spectrum);
        rows.Add(Row("spec_feature_extractor.stem", x, extractor.Stem));
        for (int i = 0; i < extractor.Stages.Count; i++)
        {
            x = extractor.Stages[i].forward(x);
            rows.Add(Row($"spec_feature_extractor.extractor.{i}", x, extractor.Stages[i]));
        }
        return x;
    }

    private static LayerSummary Row(string name, Tensor output, nn.Module module) => new(name, Shape(output), Count(module));

    private static long[] Shape(Tensor t) => t.shape[1..];

    private static long Count(nn.Module module) => module.parameters().Where(p => p.requires_grad).Sum(p => p.numel());
}
