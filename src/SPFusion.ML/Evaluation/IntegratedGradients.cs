using SPFusion.ML.Network;
using SPFusion.ML.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace SPFusion.ML.Evaluation;

/// <summary>
/// Integrated gradients (Sundararajan, Taly and Yan 2017) of one target with respect to the input spectrum:
/// <c>(x - b) · mean over α of ∂f/∂x at b + α (x - b)</c>, with α at the midpoints of <c>steps</c> equal intervals. The
/// attributions of a star sum to <c>f(x) - f(b)</c> (completeness) up to the quadrature error, which the midpoint rule
/// keeps small on these smooth networks. The photometric input stays at the star's own cut-outs, so the map says which
/// wavelengths move the prediction given the images.
/// </summary>
internal static class IntegratedGradients
{
    /// <summary>
    /// Attributions [N,1,3584] of target <paramref name="target"/> (0 mass, 1 age) for each star of the batch. The network
    /// is evaluated in inference mode (batch-norm running statistics, no dropout) and its mode is restored afterwards.
    /// </summary>
    /// <param name="network">A network that reads the spectrum.</param>
    /// <param name="photometric">[N,3,128,128] cut-outs (ignored by spectrum-only networks).</param>
    /// <param name="spectrum">[N,1,3584] input spectra.</param>
    /// <param name="baseline">[N,1,3584] or [1,1,3584] reference input (zeros, or the median spectrum).</param>
    /// <param name="target">0 for mass, 1 for age.</param>
    /// <param name="steps">Points on the straight path from the baseline to the input (32 is usually within a few per cent).</param>
    public static Tensor Attribute(StarNetwork network, Tensor photometric, Tensor spectrum, Tensor baseline, int target, int steps)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(photometric);
        ArgumentNullException.ThrowIfNull(spectrum);
        ArgumentNullException.ThrowIfNull(baseline);
        if (!network.UsesSpectrum)
            throw new ArgumentException($"the {network.Options.Variant} network reads no spectrum, so it has no spectral attribution", nameof(network));
        ArgumentOutOfRangeException.ThrowIfNegative(target);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(target, StarNetwork.Targets - 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        bool wasTraining = network.training;
        network.eval();
        try
        {
            using var scope = NewDisposeScope();
            var start = baseline.expand_as(spectrum);
            var path = spectrum - start;
            var gradientSum = zeros_like(spectrum);
            for (int k = 0; k < steps; k++)
            {
                double alpha = (k + 0.5) / steps;
                var point = start.Plus(path.Times(alpha)).detach().requires_grad_(true);
                using var output = network.forward(photometric, point);
                var selected = output.Prediction.select(1, target).sum();
                var gradient = autograd.grad([selected], [point])[0];
                gradientSum = gradientSum.Plus(gradient);
            }
            return (gradientSum.DividedBy(steps) * path).detach().MoveToOuterDisposeScope();
        }
        finally
        {
            network.train(wasTraining);
        }
    }

    /// <summary>The network's predictions [N,2] for the spectra <paramref name="spectrum"/>, in inference mode.</summary>
    public static Tensor Predict(StarNetwork network, Tensor photometric, Tensor spectrum)
    {
        ArgumentNullException.ThrowIfNull(network);
        bool wasTraining = network.training;
        network.eval();
        try
        {
            using var noGrad = no_grad();
            using var output = network.forward(photometric, spectrum);
            return output.Prediction.detach().clone();
        }
        finally
        {
            network.train(wasTraining);
        }
    }
}
