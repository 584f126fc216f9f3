using SPFusion.ML.Runtime;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SPFusion.ML.Training;

/// <summary>
/// Trains the output layer on standardised targets: the network's two outputs are read as z-scores of the training
/// labels (prediction = z x std + mean) while the loss stays the recipe's, in Msun and Gyr. Adam's step is the same
/// size for every parameter whatever the target's scale, so in physical units the output layer must move mass by
/// +-0.25 Msun and age by +-2.5 Gyr with the same steps; on a few hundred stars the network then collapses to the mean
/// first (see <see cref="SPFusionTrainer.Options.StandardizeTargets"/>). After training the scaling is folded into the
/// output layer, so the exported network is the published architecture predicting physical units.
/// </summary>
internal sealed class TargetScaling : IDisposable
{
    private readonly Tensor _scale, _shift, _logVarianceShift;

    private TargetScaling(LabelMoments moments, Device device)
    {
        // A constant label has nothing to standardise: its spread of 1 keeps it trainable instead of dividing by zero.
        float mass = (float)moments.MassSpread, age = (float)moments.AgeSpread;
        _scale = tensor(new[] { mass, age }, device: device);
        _shift = tensor(new[] { (float)moments.MeanMass, (float)moments.MeanAge }, device: device);
        // log(std^2): a variance scales with the square of the unit.
        _logVarianceShift = tensor(new[] { 2 * MathF.Log(mass), 2 * MathF.Log(age) }, device: device);
    }

    /// <summary>The scaling for these training labels.</summary>
    public static TargetScaling For(LabelMoments moments, Device device) => new(moments, device);

    /// <summary>[N,2] network outputs (z-scores) to mass and age.</summary>
    public Tensor ToPhysical(Tensor z) => (z * _scale).Plus(_shift);

    /// <summary>[N,2] log-variances of z-scores to log-variances in Msun^2 and Gyr^2: s + log(std^2).</summary>
    public Tensor ToPhysicalLogVariance(Tensor logVariance) => logVariance.Plus(_logVarianceShift);

    /// <summary>Makes the network's output layer, and its log-variance layer if it has one, predict physical units directly.</summary>
    public void FoldInto(Network.StarNetwork network)
    {
        FoldInto(network.OutputLayer);
        if (network.LogVarianceLayer is { } logVariance) FoldLogVarianceInto(logVariance);
    }

    /// <summary>Makes a log-variance layer predict log-variances in physical units: b = b + log(std^2).</summary>
    public void FoldLogVarianceInto(Linear logVariance)
    {
        using var _ = no_grad();
        logVariance.bias!.add_(_logVarianceShift.to(logVariance.bias!.device), KeptScalars.One);
    }

    /// <summary>The inverse of <see cref="FoldLogVarianceInto"/>.</summary>
    public void UnfoldLogVarianceFrom(Linear logVariance)
    {
        using var _ = no_grad();
        logVariance.bias!.sub_(_logVarianceShift.to(logVariance.bias!.device));
    }

    /// <summary>Makes <paramref name="output"/> predict physical units directly: W = diag(std) W, b = std b + mean.</summary>
    public void FoldInto(Linear output)
    {
        using var _ = no_grad();
        var scale = _scale.to(output.weight!.device);
        var shift = _shift.to(output.weight!.device);
        output.weight!.mul_(scale.unsqueeze(1));
        output.bias!.mul_(scale).add_(shift, KeptScalars.One);
    }

    /// <summary>The inverse of <see cref="FoldInto(Linear)"/>: a layer predicting physical units now predicts the same values as z-scores.</summary>
    public void UnfoldFrom(Linear output)
    {
        using var _ = no_grad();
        var scale = _scale.to(output.weight!.device);
        var shift = _shift.to(output.weight!.device);
        output.weight!.div_(scale.unsqueeze(1));
        output.bias!.sub_(shift).div_(scale);
    }

    public void Dispose()
    {
        _scale.Dispose();
        _shift.Dispose();
        _logVarianceShift.Dispose();
    }
}
