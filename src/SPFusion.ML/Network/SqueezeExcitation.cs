using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace SPFusion.ML.Network;

/// <summary>
/// Channel attention of the head: mean over length, bias-free Linear C->C/16, GELU, bias-free Linear C/16->C, Sigmoid,
/// giving one weight per channel (96->6->96 published; the paper's Figure 9 shows these weights).
/// Parameterised children keep the indices of the authors' <c>se_blk</c> Sequential (2 and 4).
/// </summary>
internal sealed class SqueezeExcitation : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "2")] internal readonly Linear squeeze;
    [ComponentName(Name = "3")] internal readonly GELU act;
    [ComponentName(Name = "4")] internal readonly Linear excite;

    /// <summary>Creates the unit on <paramref name="channels"/> channels with a <paramref name="reduced"/>-wide bottleneck.</summary>
    public SqueezeExcitation(long channels, long reduced) : base(nameof(SqueezeExcitation))
    {
        squeeze = nn.Linear(channels, reduced, hasBias: false);
        act = nn.GELU();
        excite = nn.Linear(reduced, channels, hasBias: false);
        RegisterComponents();
    }

    /// <summary>The squeezing linear layer (C -> reduced).</summary>
    public Linear Squeeze => squeeze;

    /// <summary>The exciting linear layer (reduced -> C).</summary>
    public Linear Excite => excite;

    /// <summary>Returns the channel weights [N,C] in (0,1) for features [N,C,L].</summary>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var pooled = input.mean([-1]);
        return excite.forward(act.forward(squeeze.forward(pooled))).sigmoid().MoveToOuterDisposeScope();
    }
}
