using SPFusion.ML.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SPFusion.ML.Training;

/// <summary>
/// PyTorch's Adam (L2 weight decay added to the gradient, bias corrections, eps added after the bias-corrected square
/// root), in place of TorchSharp's <c>optim.Adam</c>, whose step passes implicit <see cref="Scalar"/>s to native code
/// that a garbage collection can free mid-call (see <see cref="KeptScalars"/>). Every scalar here is disposed only after
/// the last native call that reads it. The state file's format is <see cref="AdamStateFile"/>.
/// </summary>
internal sealed class AdamOptimizer : IDisposable
{
    private readonly Parameter[] _parameters;
    private readonly Tensor[] _expAvg, _expAvgSq;
    private readonly long[] _steps;
    private readonly double[] _learningRateScales;

    /// <summary>
    /// Adam over <paramref name="parameters"/>; <paramref name="learningRateScales"/> holds per-parameter multipliers of
    /// the learning rate in the same order (null for 1 everywhere).
    /// </summary>
    public AdamOptimizer(IEnumerable<Parameter> parameters, double learningRate, double beta1, double beta2, double eps, double weightDecay,
        IReadOnlyList<double>? learningRateScales = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(learningRate >= 0)) throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "learning rate must be >= 0");
        if (!(beta1 >= 0 && beta1 < 1)) throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "beta1 must lie in [0, 1)");
        if (!(beta2 >= 0 && beta2 < 1)) throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "beta2 must lie in [0, 1)");
        if (!(eps >= 0)) throw new ArgumentOutOfRangeException(nameof(eps), eps, "eps must be >= 0");
        if (!(weightDecay >= 0)) throw new ArgumentOutOfRangeException(nameof(weightDecay), weightDecay, "weight decay must be >= 0");
        _parameters = parameters.ToArray();
        _learningRateScales = learningRateScales?.ToArray() ?? Enumerable.Repeat(1.0, _parameters.Length).ToArray();
        if (_learningRateScales.Length != _parameters.Length)
            throw new ArgumentException($"{_learningRateScales.Length} learning-rate scales for {_parameters.Length} parameters", nameof(learningRateScales));
        InitialLearningRate = LearningRate = learningRate;
        Beta1 = beta1;
        Beta2 = beta2;
        Eps = eps;
        WeightDecay = weightDecay;
        _steps = new long[_parameters.Length];
        _expAvg = new Tensor[_parameters.Length];
        _expAvgSq = new Tensor[_parameters.Length];
        for (int i = 0; i < _parameters.Length; i++)
        {
            _expAvg[i] = zeros_like(_parameters[i]).DetachFromDisposeScope();
            _expAvgSq[i] = zeros_like(_parameters[i]).DetachFromDisposeScope();
        }
    }

    /// <summary>Learning rate of the next <see cref="Step"/>; the cosine schedule sets it once per epoch.</summary>
    public double LearningRate { get; set; }

    /// <summary>The learning rate given at construction (kept only because the state file records it).</summary>
    public double InitialLearningRate { get; private set; }

    public double Beta1 { get; private set; }

    public double Beta2 { get; private set; }

    public double Eps { get; private set; }

    public double WeightDecay { get; private set; }

    /// <summary>First-moment estimate of parameter <paramref name="index"/> (owned by the optimiser).</summary>
    public Tensor ExpAvg(int index) => _expAvg[index];

    /// <summary>Second-moment estimate of parameter <paramref name="index"/> (owned by the optimiser).</summary>
    public Tensor ExpAvgSq(int index) => _expAvgSq[index];

    /// <summary>Number of updates parameter <paramref name="index"/> has received.</summary>
    public long StepCount(int index) => _steps[index];

    /// <summary>Zeroes every gradient in place, as TorchSharp's optimisers do (not set-to-none).</summary>
    public void ZeroGrad()
    {
        foreach (var p in _parameters)
        {
            using var grad = p.grad;
            grad?.zero_();
        }
    }

    /// <summary>One Adam update of every parameter that has a gradient.</summary>
    public void Step()
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        using var beta1 = Beta1.ToScalar();
        using var oneMinusBeta1 = (1 - Beta1).ToScalar();
        using var beta2 = Beta2.ToScalar();
        using var oneMinusBeta2 = (1 - Beta2).ToScalar();
        using var eps = Eps.ToScalar();
        using var weightDecay = WeightDecay.ToScalar();
        for (int i = 0; i < _parameters.Length; i++)
        {
            var param = _parameters[i];
            var grad = param.grad;
            if (grad is null) continue;
            long step = ++_steps[i];
            double biasCorrection1 = 1 - Math.Pow(Beta1, step);
            double biasCorrection2 = 1 - Math.Pow(Beta2, step);
            if (WeightDecay != 0) grad = grad.add(param, weightDecay);
            _expAvg[i].mul_(beta1).add_(grad, oneMinusBeta1);
            _expAvgSq[i].mul_(beta2).addcmul_(grad, grad, oneMinusBeta2);
            using var biasCorrection2Sqrt = Math.Sqrt(biasCorrection2).ToScalar();
            var denom = _expAvgSq[i].sqrt().div(biasCorrection2Sqrt).add_(eps, KeptScalars.One);
            using var negativeStepSize = (-(LearningRate * _learningRateScales[i] / biasCorrection1)).ToScalar();
            param.addcdiv_(_expAvg[i], denom, negativeStepSize);
        }
    }

    /// <summary>Writes the state to <paramref name="path"/> (<see cref="AdamStateFile"/>).</summary>
    public void Save(string path) =>
        AdamStateFile.Write(path, new AdamHyperparameters(InitialLearningRate, LearningRate, Beta1, Beta2, Eps, WeightDecay), _steps, _expAvg, _expAvgSq);

    /// <summary>
    /// Restores state written by <see cref="Save"/>. The file's betas, eps and weight decay must equal the constructor's
    /// (TorchSharp's loader silently replaced them, so a resumed run kept the old run's recipe); the learning rates are
    /// taken from the file, the schedule sets the rate each epoch anyway.
    /// </summary>
    public void Load(string path)
    {
        var steps = new long[_parameters.Length];
        var settings = AdamStateFile.Read(path, steps, _expAvg, _expAvgSq, file =>
        {
            CheckSame(path, nameof(Beta1), file.Beta1, Beta1);
            CheckSame(path, nameof(Beta2), file.Beta2, Beta2);
            CheckSame(path, nameof(Eps), file.Eps, Eps);
            CheckSame(path, nameof(WeightDecay), file.WeightDecay, WeightDecay);
        });
        (InitialLearningRate, LearningRate) = (settings.InitialLearningRate, settings.LearningRate);
        steps.CopyTo(_steps, 0);
    }

    private static void CheckSame(string path, string name, double inFile, double inRun)
    {
        if (inFile != inRun)
        {
            throw new InvalidDataException(
                $"{path}: Adam {name} is {inFile.ToString("R", System.Globalization.CultureInfo.InvariantCulture)} in the file, " +
                $"{inRun.ToString("R", System.Globalization.CultureInfo.InvariantCulture)} in this optimiser; the state belongs to another recipe");
        }
    }

    public void Dispose()
    {
        foreach (var t in _expAvg) t.Dispose();
        foreach (var t in _expAvgSq) t.Dispose();
    }
}
