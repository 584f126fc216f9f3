using SPFusion.ML.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace SPFusion.ML.Training;

/// <summary>
/// The weighted two-target loss: w_mass L(mass) + w_age L(age), where L is the mean squared error (the authors' recipe)
/// or, with thresholds, twice the Huber loss (equal to the squared error for residuals below a target's threshold and
/// linear above it; see <see cref="SPFusionTrainer.Options.HuberDelta"/>), or, for a network with a heteroscedastic head,
/// the Gaussian negative log-likelihood 0.5 (s + r^2 e^-s) of the residual r under the predicted log-variance s (without
/// its constant 0.5 log 2 pi).
/// </summary>
internal sealed class TwoTargetLoss
{
    /// <summary>
    /// Bounds on the log-variance inside the likelihood, in Msun^2 and Gyr^2: e^-s stays below 1e13, so one star with a
    /// tiny predicted variance cannot overflow a batch; sigma from 4e-7 to 2e6 covers every plausible error.
    /// </summary>
    private const double LogVarianceBound = 30;

    private readonly double _massWeight, _ageWeight;
    private readonly double? _massDelta, _ageDelta;

    /// <summary>A Gaussian negative log-likelihood under a predicted log-variance (the heteroscedastic head).</summary>
    public static TwoTargetLoss GaussianLikelihood(double massWeight, double ageWeight) => new(massWeight, ageWeight) { IsGaussian = true };

    /// <summary>True for the Gaussian likelihood: <see cref="Compute"/> and <see cref="Sums"/> need the log-variances.</summary>
    public bool IsGaussian { get; private init; }

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

    /// <summary>
    /// The batch loss (a scalar tensor) of [N,2] predictions against [N,2] targets; <paramref name="logVariance"/> [N,2]
    /// (Msun^2, Gyr^2) is required by the Gaussian likelihood and ignored otherwise.
    /// </summary>
    public Tensor Compute(Tensor prediction, Tensor targets, Tensor? logVariance = null)
    {
        var perStar = PerStar(prediction, targets, logVariance);
        var mass = perStar[.., 0].mean();
        var age = perStar[.., 1].mean();
        return mass.Times(_massWeight).Plus(age.Times(_ageWeight));
    }

    /// <summary>The loss of a whole set from its per-target sums (<see cref="Sums"/>) over <paramref name="count"/> rows.</summary>
    public double FromSums(BatchSums sums, int count) => IsGaussian
        ? ((_massWeight * sums.NllMass) + (_ageWeight * sums.NllAge)) / count
        : ((_massWeight * (_massDelta is null ? sums.SqMass : sums.HuberMass)) + (_ageWeight * (_ageDelta is null ? sums.SqAge : sums.HuberAge))) / count;

    /// <summary>Per-target summed absolute, squared and (when set) Huber errors and likelihood terms, for epoch means.</summary>
    public BatchSums Sums(Tensor prediction, Tensor targets, Tensor? logVariance = null)
    {
        var diff = prediction - targets;
        var abs = diff.abs().sum([0]).cpu();
        var sq = diff.Squared().sum([0]).cpu();
        double huberMass = _massDelta is null ? 0 : Term(diff[.., 0], _massDelta).sum().cpu().item<float>();
        double huberAge = _ageDelta is null ? 0 : Term(diff[.., 1], _ageDelta).sum().cpu().item<float>();
        double nllMass = 0, nllAge = 0;
        if (IsGaussian)
        {
            var nll = PerStar(prediction, targets, logVariance).sum([0]).cpu();
            nllMass = nll[0].item<float>();
            nllAge = nll[1].item<float>();
        }
        return new BatchSums(abs[0].item<float>(), abs[1].item<float>(), sq[0].item<float>(), sq[1].item<float>(), huberMass, huberAge)
        {
            NllMass = nllMass,
            NllAge = nllAge,
        };
    }

    // [N,2] per-star terms: squared error or twice the Huber loss, or the Gaussian negative log-likelihood.
    private Tensor PerStar(Tensor prediction, Tensor targets, Tensor? logVariance)
    {
        var diff = prediction - targets;
        if (!IsGaussian) return stack([Term(diff[.., 0], _massDelta), Term(diff[.., 1], _ageDelta)], 1);
        if (logVariance is null) throw new ArgumentNullException(nameof(logVariance), "the Gaussian likelihood needs the heteroscedastic head's log-variances");
        using var low = (-LogVarianceBound).ToScalar();
        using var high = LogVarianceBound.ToScalar();
        var s = logVariance.clamp(low, high);
        return s.Plus(diff.Squared() * s.neg().exp()).Times(0.5);
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
        /// <summary>Summed Gaussian negative log-likelihood of mass (0 unless the loss is the likelihood).</summary>
        public double NllMass { get; init; }

        /// <summary>Summed Gaussian negative log-likelihood of age (0 unless the loss is the likelihood).</summary>
        public double NllAge { get; init; }

        public static BatchSums operator +(BatchSums a, BatchSums b) => new(a.AbsMass + b.AbsMass, a.AbsAge + b.AbsAge,
            a.SqMass + b.SqMass, a.SqAge + b.SqAge, a.HuberMass + b.HuberMass, a.HuberAge + b.HuberAge)
        {
            NllMass = a.NllMass + b.NllMass,
            NllAge = a.NllAge + b.NllAge,
        };
    }
}
