using SPFusion.ML.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace SPFusion.ML.Training;

/// <summary>
/// The weighted two-target loss: w_mass L(mass) + w_age L(age), where L is the mean squared error (the authors' recipe)
/// or, with thresholds, twice the Huber loss (equal to the squared error for residuals below a target's threshold and
/// linear above it; see <see cref="SPFusionTrainer.Options.HuberDelta"/>).
/// </summary>
internal sealed class TwoTargetLoss
{
    private readonly double _massWeight, _ageWeight;
    private readonly double? _massDelta, _ageDelta;

    /// <param name="massWeight">Weight of the mass term.</param>
    /// <param name="ageWeight">Weight of the age term.</param>
    /// <param name="deltas">Huber thresholds in Msun and Gyr; null for the squared error.</param>
    public TwoTargetLoss(double massWeight, double ageWeight, (double Mass, double Age)? deltas = null)
    {
        _massWeight = massWeight;
        _ageWeight = ageWeight;
        _massDelta = deltas?.Mass;
        _ageDelta = deltas?.Age;
    }

    /// <summary>The batch loss (a scalar tensor) of [N,2] predictions against [N,2] targets.</summary>
    public Tensor Compute(Tensor prediction, Tensor targets)
    {
        var diff = prediction - targets;
        var mass = Term(diff[.., 0], _massDelta).mean();
        var age = Term(diff[.., 1], _ageDelta).mean();
        return mass.Times(_massWeight).Plus(age.Times(_ageWeight));
    }

    /// <summary>The loss of a whole set from its per-target sums (<see cref="Sums"/>) over <paramref name="count"/> rows.</summary>
    public double FromSums(BatchSums sums, int count) =>
        ((_massWeight * (_massDelta is null ? sums.SqMass : sums.HuberMass)) + (_ageWeight * (_ageDelta is null ? sums.SqAge : sums.HuberAge))) / count;

    /// <summary>Per-target summed absolute, squared and (when thresholds are set) Huber errors, for epoch means.</summary>
    public BatchSums Sums(Tensor prediction, Tensor targets)
    {
        var diff = prediction - targets;
        var abs = diff.abs().sum([0]).cpu();
        var sq = diff.Squared().sum([0]).cpu();
        double huberMass = _massDelta is null ? 0 : Term(diff[.., 0], _massDelta).sum().cpu().item<float>();
        double huberAge = _ageDelta is null ? 0 : Term(diff[.., 1], _ageDelta).sum().cpu().item<float>();
        return new BatchSums(abs[0].item<float>(), abs[1].item<float>(), sq[0].item<float>(), sq[1].item<float>(), huberMass, huberAge);
    }

    // 2 Huber(r; d) = r^2 for |r| <= d, else 2 d |r| - d^2: continuous in value and slope at |r| = d.
    private static Tensor Term(Tensor r, double? delta)
    {
        if (delta is not { } d) return r.Squared();
        var a = r.abs();
        using var threshold = d.ToScalar();
        using var inside = a.le(threshold);
        var linear = a.Times(2 * d).Plus(-d * d);
        return where(inside, r.Squared(), linear);
    }

    /// <summary>Summed errors of a batch or set.</summary>
    public readonly record struct BatchSums(double AbsMass, double AbsAge, double SqMass, double SqAge, double HuberMass, double HuberAge)
    {
        public static BatchSums operator +(BatchSums a, BatchSums b) => new(a.AbsMass + b.AbsMass, a.AbsAge + b.AbsAge,
            a.SqMass + b.SqMass, a.SqAge + b.SqAge, a.HuberMass + b.HuberMass, a.HuberAge + b.HuberAge);
    }
}
