using SPFusion.ML.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace SPFusion.ML.Network;

/// <summary>
/// MetaFormer block with an average-pool token mixer: <c>x = x + AvgPool(x)</c>, then the feed-forward sub-layer.
/// The last block (the only one in the published model) has <b>no</b> residual on its second line and ends with the
/// bias-free Linear L->L (release); earlier blocks (the <c>MetaFormerBlocks</c> ablation) keep the residual
/// <c>x + Dropout(FFN(LN(x)))</c> and have no length map. Field names (<c>mhsa</c>, <c>ffn</c>) are the authors'.
/// </summary>
internal sealed class MetaFormerBlock : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // field names mirror the authors' PyTorch module names
    internal readonly AveragePoolMixer mhsa;
    internal readonly FeedForward ffn;
#pragma warning restore IDE1006

    /// <summary>Creates the block; <paramref name="isLast"/> selects the release's residual-free length-mapping form.</summary>
    public MetaFormerBlock(long channels, long length, long hiddenChannels, bool isLast, double dropout) : base(nameof(MetaFormerBlock))
    {
        IsLast = isLast;
        mhsa = new AveragePoolMixer();
        ffn = new FeedForward(channels, hiddenChannels, isLast ? length : null, dropout);
        RegisterComponents();
    }

    /// <summary>True for the final, residual-free block.</summary>
    public bool IsLast { get; }

    /// <summary>The feed-forward sub-layer.</summary>
    public FeedForward FeedForward => ffn;

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = input.Plus(mhsa.forward(input));
        var y = ffn.forward(x);
        return (IsLast ? y : x.Plus(y)).MoveToOuterDisposeScope();
    }
}
