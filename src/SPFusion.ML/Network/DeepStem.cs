using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace SPFusion.ML.Network;

/// <summary>
/// The ResNet10-T "deep" stem: conv 3->24 (stride 2), BN, ReLU, conv 24->32, BN, ReLU, conv 32->64 (all 3×3, no bias).
/// Its batch norm after the last convolution belongs to the backbone (<c>bn1</c>), as in timm.
/// Children are named 0..6 like the authors' <c>conv1</c> Sequential.
/// </summary>
internal sealed class DeepStem : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "0")] internal readonly Conv2d conv_a;
    [ComponentName(Name = "1")] internal readonly KeptScalarBatchNorm bn_a;
    [ComponentName(Name = "2")] internal readonly ReLU act_a;
    [ComponentName(Name = "3")] internal readonly Conv2d conv_b;
    [ComponentName(Name = "4")] internal readonly KeptScalarBatchNorm bn_b;
    [ComponentName(Name = "5")] internal readonly ReLU act_b;
    [ComponentName(Name = "6")] internal readonly Conv2d conv_c;

    /// <summary>Creates the stem with the paper's n = 8 widths (24, 32, 64).</summary>
    public DeepStem() : base(nameof(DeepStem))
    {
        conv_a = nn.Conv2d(3, 24, 3, stride: 2, padding: 1, bias: false);
        bn_a = new KeptScalarBatchNorm(24, 2);
        act_a = nn.ReLU();
        conv_b = nn.Conv2d(24, 32, 3, stride: 1, padding: 1, bias: false);
        bn_b = new KeptScalarBatchNorm(32, 2);
        act_b = nn.ReLU();
        conv_c = nn.Conv2d(32, 64, 3, stride: 1, padding: 1, bias: false);
        RegisterComponents();
    }

    /// <summary>Convolutions (stem a, b, c) paired with the batch norm that follows a and b (null for c: see the backbone's bn1).</summary>
    public IReadOnlyList<(Conv2d Conv, KeptScalarBatchNorm? Norm)> Layers => [(conv_a, bn_a), (conv_b, bn_b), (conv_c, null)];

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = act_a.forward(bn_a.forward(conv_a.forward(input)));
        x = act_b.forward(bn_b.forward(conv_b.forward(x)));
        return conv_c.forward(x).MoveToOuterDisposeScope();
    }
}
