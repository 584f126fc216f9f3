using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace SPFusion.ML.Network;

/// <summary>
/// Flatten, Linear in -> H, ReLU, Linear H -> 2: the fully connected head of the RAC-Net and SSCNN comparison networks
/// (the authors' group's <c>fc_structure</c>, children named 0, 1, 2 like its Sequential) and the two-layer regression
/// head the paper puts on the ResNet10-T image features (the paper does not name its activation; ReLU as in the others).
/// </summary>
internal sealed class TwoLayerRegressionHead : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "0")] internal readonly Linear hidden;
    [ComponentName(Name = "1")] internal readonly ReLU act;
    [ComponentName(Name = "2")] internal readonly Linear output;

    /// <summary>Creates the head: <paramref name="features"/> flattened inputs, <paramref name="hiddenWidth"/> hidden units.</summary>
    public TwoLayerRegressionHead(long features, long hiddenWidth, long targets) : base(nameof(TwoLayerRegressionHead))
    {
        hidden = nn.Linear(features, hiddenWidth);
        act = nn.ReLU();
        output = nn.Linear(hiddenWidth, targets);
        RegisterComponents();
    }

    /// <summary>The first (hidden) layer.</summary>
    public Linear Hidden => hidden;

    /// <summary>The output layer.</summary>
    public Linear Output => output;

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        return output.forward(act.forward(hidden.forward(input.flatten(1)))).MoveToOuterDisposeScope();
    }
}
