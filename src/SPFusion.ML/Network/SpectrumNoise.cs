using SPFusion.ML.Runtime;
using static TorchSharp.torch;

namespace SPFusion.ML.Network;

/// <summary>
/// The heteroscedastic head's measure of a spectrum's noise: ln(mean |2 f_i - f_(i-2) - f_(i+2)| + 1e-6) over the
/// prepared (min-max) spectrum, the second difference at a two-pixel spacing that DER_SNR (Stoehr et al. 2008) uses
/// (with the mean, which ONNX reduces directly, in place of its median). A smooth continuum and lines wider than a few
/// pixels cancel in it, pixel noise does not, so it falls as the signal-to-noise ratio rises: the log-variance layer
/// reads it beside the pooled features and learns a power law of the noise instead of having to find it in them.
/// </summary>
internal static class SpectrumNoise
{
    /// <summary>Spacing of the second difference, in pixels (DER_SNR's).</summary>
    public const int Spacing = 2;

    /// <summary>Keeps the logarithm finite for a noiseless (e.g. constant) spectrum.</summary>
    public const float Floor = 1e-6f;

    /// <summary>[N,1,L] prepared spectra to [N,1] log noise levels.</summary>
    public static Tensor LogLevel(Tensor spectrum)
    {
        using var scope = NewDisposeScope();
        long length = spectrum.shape[^1];
        var centre = spectrum.narrow(-1, Spacing, length - (2 * Spacing));
        var left = spectrum.narrow(-1, 0, length - (2 * Spacing));
        var right = spectrum.narrow(-1, 2 * Spacing, length - (2 * Spacing));
        var difference = centre.Times(2).sub(left).sub(right);
        var level = difference.abs().mean([-1]).Plus(Floor).log();
        return level.reshape(spectrum.shape[0], 1).MoveToOuterDisposeScope();
    }
}
