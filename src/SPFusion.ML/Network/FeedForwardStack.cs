using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace SPFusion.ML.Network;

/// <summary>
/// The point-wise feed-forward stack: Conv1d C->rC k1, GELU, Conv1d rC->C k1, optionally a bias-free Linear L->L on
/// the last axis (the last MetaFormer block's length map), then dropout. Children named 0..3 like the authors' <c>ffn</c> Sequential.
/// </summary>
internal sealed class FeedForwardStack : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "0")] internal readonly Conv1d expand;
    [ComponentName(Name = "1")] internal readonly GELU act;
    [ComponentName(Name = "2")] internal readonly Conv1d contract;
    [ComponentName(Name = "3")] internal readonly Linear? length_map;
    [ComponentName(Name = "drop")] internal readonly SeededDropout dropout;

    /// <summary>Creates the stack; <paramref name="lengthMap"/> (non-null) adds the bias-free Linear on that length.</summary>
    public FeedForwardStack(long channels, long hiddenChannels, long? lengthMap, double dropout) : base(nameof(FeedForwardStack))
    {
        expand = nn.Conv1d(channels, hiddenChannels, 1);
        act = nn.GELU();
        contract = nn.Conv1d(hiddenChannels, channels, 1);
        length_map = lengthMap is long l ? nn.Linear(l, l, hasBias: false) : null;
        this.dropout = new SeededDropout(dropout);
        RegisterComponents();
    }

    /// <summary>The expanding convolution.</summary>
    public Conv1d Expand => expand;

    /// <summary>The contracting convolution.</summary>
    public Conv1d Contract => contract;

    /// <summary>The bias-free length map, or null.</summary>
    public Linear? LengthMap => length_map;

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = contract.forward(act.forward(expand.forward(input)));
        if (length_map is not null) x = length_map.forward(x);
        return dropout.forward(x).MoveToOuterDisposeScope();
    }
}
