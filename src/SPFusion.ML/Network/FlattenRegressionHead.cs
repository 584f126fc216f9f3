using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SPFusion.ML.Network;

/// <summary>
/// The ConvNeXt 1D comparison network's head in the authors' group's code: flatten [N,C,L] to [N,C·L] and one Linear
/// to the two targets (224 -> 2 on the [N,16,14] features, 450 parameters).
/// </summary>
internal sealed class FlattenRegressionHead : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // field names mirror the PyTorch module names
    internal readonly Linear out_linear;
#pragma warning restore IDE1006

    /// <summary>Creates the head for <paramref name="features"/> flattened inputs.</summary>
    public FlattenRegressionHead(long features, long targets) : base(nameof(FlattenRegressionHead))
    {
        out_linear = nn.Linear(features, targets);
        RegisterComponents();
    }

    /// <summary>The output layer.</summary>
    public Linear Output => out_linear;

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        using var flat = input.flatten(1);
        return out_linear.forward(flat);
    }
}
