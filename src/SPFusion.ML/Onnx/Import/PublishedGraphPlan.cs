using Onnx;
using SPFusion.ML.Network;
using TorchSharp.Modules;

namespace SPFusion.ML.Onnx.Import;

/// <summary>
/// The weight-carrying nodes of the authors' exported graph, in graph order, each bound to the layers of an
/// <see cref="SPFusionNetwork"/> it loads. The node names are the PyTorch module paths, which is what makes the map
/// from initialiser to layer unambiguous (ARCHITECTURE.md, "Mapping the published ONNX back onto the layers").
/// </summary>
internal static class PublishedGraphPlan
{
    /// <summary>The steps for <paramref name="net"/> (built with the published options).</summary>
    public static IReadOnlyList<ImportStep> Build(SPFusionNetwork net, ParameterLoader loader)
    {
        var steps = new List<ImportStep>();

        void Conv(string path, Conv1d conv) => steps.Add(new(path, "Conv", (node, init) =>
        {
            Expect(node, init, 2);
            loader.Copy(node, init[0], conv.weight!);
            loader.Copy(node, init[1], conv.bias!);
        }));
        void Conv2(string path, Conv2d conv) => steps.Add(new(path, "Conv", (node, init) =>
        {
            Expect(node, init, 2);
            loader.Copy(node, init[0], conv.weight!);
            loader.Copy(node, init[1], conv.bias!);
        }));
        void SameConv(string path, SamePadConv1d conv) => steps.Add(new(path, "Conv", (node, init) =>
        {
            Expect(node, init, 2);
            loader.Copy(node, init[0], conv.Weight);
            loader.Copy(node, init[1], conv.Bias!);
        }));
        void Folded2d(string path, Conv2d conv, BatchNorm norm) => steps.Add(new(path, "Conv",
            (node, init) => loader.LoadFolded(node, init, conv.weight!, conv.bias, norm)));
        void Folded1d(string path, ConvBnSequence unit) => steps.Add(new(path, "Conv",
            (node, init) => loader.LoadFolded(node, init, unit.Conv.Weight, unit.Conv.Bias, unit.Norm!)));
        void Norm(string path, ChannelLayerNorm ln, string addOp = "Add")
        {
            steps.Add(new(path, "Mul", (node, init) => { Expect(node, init, 1); loader.CopyChannelConstant(node, init[0], ln.Weight); }));
            steps.Add(new(path, addOp, (node, init) => { Expect(node, init, 1); loader.CopyChannelConstant(node, init[0], ln.Bias); }));
        }
        void MatMul(string path, Linear linear) => steps.Add(new(path, "MatMul", (node, init) =>
        {
            Expect(node, init, 1);
            loader.CopyTransposed(node, init[0], linear.weight!);
        }));

        const string spec = "/spec_feature_extractor";
        Conv($"{spec}/stem", net.SpectralExtractor.Stem);
        for (int s = 0; s < net.SpectralExtractor.Stages.Count; s++)
        {
            var stage = net.SpectralExtractor.Stages[s];
            for (int b = 0; b < stage.Blocks.Count; b++)
            {
                var block = stage.Blocks[b];
                string p = $"{spec}/extractor.{s}/blocks.{b}";
                SameConv($"{p}/conv_d", block.DepthwiseConv);
                Norm($"{p}/ln", block.Norm);
                Conv($"{p}/conv_1", block.PointwiseExpand);
                Conv($"{p}/conv_2", block.PointwiseContract);
            }
            Norm($"{spec}/extractor.{s}/ln", stage.Norm);
            if (stage.DownSample is { } down) Conv($"{spec}/extractor.{s}/down_sample", down);
        }

        const string photo = "/photo_feature_extractor";
        const string fe = $"{photo}/feature_extractor";
        var backbone = net.PhotometricExtractor.Backbone;
        var stem = backbone.Stem.Layers;
        Folded2d($"{fe}/conv1/conv1.0", stem[0].Conv, stem[0].Norm!);
        Folded2d($"{fe}/conv1/conv1.3", stem[1].Conv, stem[1].Norm!);
        Folded2d($"{fe}/conv1/conv1.6", stem[2].Conv, backbone.StemNorm);
        var basic = backbone.Blocks[0];
        Folded2d($"{fe}/layer1/layer1.0/conv1", basic.First.Conv, basic.First.Norm);
        Folded2d($"{fe}/layer1/layer1.0/conv2", basic.Second.Conv, basic.Second.Norm);
        var projection = net.PhotometricExtractor.Projection;
        Folded2d($"{photo}/conv_blk/conv_blk.0", projection.First.Conv, projection.First.Norm);
        Conv2($"{photo}/conv_blk/conv_blk.2", projection.Second);
        var tokens = net.PhotometricExtractor.Tokens.Linear;
        MatMul($"{photo}/linear_blk/linear_blk.1", tokens);
        steps.Add(new($"{photo}/linear_blk/linear_blk.1", "Add", (node, init) => { Expect(node, init, 1); loader.Copy(node, init[0], tokens.bias!); }));

        var star = net.StarFusion;
        foreach (var (name, branch) in new[] { ("photo_branch", star.SpectralBranch), ("spec_branch", star.PhotometricBranch) })
        {
            Folded1d($"/star_fusion/{name}/{name}.0/block/block.0", branch[0].Block);
            SameConv($"/star_fusion/{name}/{name}.1/block/block.0", branch[1].Block.Conv);
        }
        Folded1d("/star_fusion/fusion/fusion.0/block/block.0", star.Fusion[0].Block);
        SameConv("/star_fusion/fusion/fusion.1/block/block.0", star.Fusion[1].Block.Conv);

        var attention = net.FusionBlock.Attention.Norms;
        Norm("/fusion_trans_blk/mhsa/ln_q", attention.Query);
        Norm("/fusion_trans_blk/mhsa/ln_k", attention.Key);
        Norm("/fusion_trans_blk/mhsa/ln_v", attention.Value);
        FeedForwardSteps("/fusion_trans_blk/ffn", net.FusionBlock.FeedForward);
        for (int b = 0; b < net.MetaFormerBlocks.Count; b++)
            FeedForwardSteps($"/trans_blks.{b}/ffn", net.MetaFormerBlocks[b].FeedForward);

        const string head = "/classification_head";
        MatMul($"{head}/se_blk/se_blk.2", net.Head.ChannelAttention.Squeeze);
        MatMul($"{head}/se_blk/se_blk.4", net.Head.ChannelAttention.Excite);
        Folded1d($"{head}/conv_blk/conv_blk.0", net.Head.ConvBlock);
        steps.Add(new($"{head}/out_linear", "Gemm", (node, init) =>
        {
            Expect(node, init, 2);
            var transB = node.Attribute.FirstOrDefault(a => a.Name == "transB");
            if (transB is null || transB.I != 1)
                throw new InvalidDataException($"node '{node.Name}' is a Gemm without transB=1; the output layer's weight layout is unknown");
            loader.Copy(node, init[0], net.Head.Output.weight!);
            loader.Copy(node, init[1], net.Head.Output.bias!);
        }));
        return steps;

        void FeedForwardSteps(string path, FeedForward ffn)
        {
            Norm($"{path}/ln", ffn.Norm);
            Conv($"{path}/ffn/ffn.0", ffn.Stack.Expand);
            Conv($"{path}/ffn/ffn.2", ffn.Stack.Contract);
            if (ffn.Stack.LengthMap is { } map) MatMul($"{path}/ffn/ffn.3", map);
        }
    }

    private static void Expect(NodeProto node, IReadOnlyList<OnnxInitializer> init, int count)
    {
        if (init.Count != count)
            throw new InvalidDataException($"node '{node.Name}' has {init.Count} initializers, expected {count}");
    }
}
