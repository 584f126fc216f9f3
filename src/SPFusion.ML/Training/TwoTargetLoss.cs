using SPFusion.ML.Runtime;
using static TorchSharp.torch;

namespace SPFusion.ML.Training;

/// <summary>The weighted two-target loss of the authors' recipe: w_mass MSE(mass) + w_age MSE(age).</summary>
internal static class TwoTargetLoss
{
    public static Tensor Compute(Tensor prediction, Tensor targets, double massWeight, double ageWeight)
    {
        var squared = (prediction - targets).Squared().mean([0]); // [2]: per-target MSE
        return squared[0].Times(massWeight).Plus(squared[1].Times(ageWeight));
    }

    /// <summary>Per-target summed absolute and squared errors, for epoch means.</summary>
    public static (double AbsMass, double AbsAge, double SqMass, double SqAge) Sums(Tensor prediction, Tensor targets)
    {
        var diff = prediction - targets;
        var abs = diff.abs().sum([0]).cpu();
        var sq = diff.Squared().sum([0]).cpu();
        return (abs[0].item<float>(), abs[1].item<float>(), sq[0].item<float>(), sq[1].item<float>());
    }
}
