using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace SPFusion.ML.Network;

/// <summary>
/// GELU then a Linear layer on the last axis, mapping each photometric channel's 1024 flattened pixels to 28 tokens
/// so the image features line up with the spectrum's [32, 28]. Children named 0..1 like the authors' <c>linear_blk</c>.
/// </summary>
internal sealed class TokenProjection : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "0")] internal readonly GELU act;
    [ComponentName(Name = "1")] internal readonly Linear linear;

    /// <summary>Creates the projection <paramref name="inFeatures"/> -> <paramref name="outFeatures"/>.</summary>
    public TokenProjection(long inFeatures, long outFeatures) : base(nameof(TokenProjection))
    {
        act = nn.GELU();
        linear = nn.Linear(inFeatures, outFeatures);
        RegisterComponents();
    }

    /// <summary>The linear layer.</summary>
    public Linear Linear => linear;

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        using var a = act.forward(input);
        return linear.forward(a);
    }
}
