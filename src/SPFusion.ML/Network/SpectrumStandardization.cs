using SPFusion.ML.Runtime;
using SPFusion.Transforms;
using TorchSharp;
using static TorchSharp.torch;

namespace SPFusion.ML.Network;

/// <summary>
/// Per-pixel standardisation of the [N,1,3584] spectrum in front of the spectral extractor: (x - mean) / std with the
/// training rows' mean and standard deviation of each pixel. Min-max normalised spectra of one kind of star share one
/// continuum shape; what tells their masses and ages apart is a few per cent of line depth, which the patchifying stem
/// sees under that shape. Standardising each pixel shows the stem the differences from the sample's mean spectrum
/// instead, as a linear model's standardised features do. The identity (mean 0, scale 1) until
/// <see cref="SetMoments"/> is called, so the published weights and every network trained without it are unchanged.
/// The statistics are buffers: saved with the weights, exported into the ONNX graph, never trained.
/// </summary>
public sealed class SpectrumStandardization : nn.Module<Tensor, Tensor>
{
    /// <summary>Pixels whose standard deviation is below this (e.g. the zero padding around the 3,522 LAMOST pixels) pass through unscaled.</summary>
    public const float MinimumStd = 1e-6f;

#pragma warning disable IDE1006 // buffer names are the state-dict keys
    private readonly Tensor mean;
    private readonly Tensor scale;
#pragma warning restore IDE1006

    /// <summary>Creates the identity standardisation for spectra of <see cref="SPFusionShapes.SpectrumLength"/> pixels.</summary>
    public SpectrumStandardization() : base(nameof(SpectrumStandardization))
    {
        mean = zeros(1, 1, SPFusionShapes.SpectrumLength);
        scale = ones(1, 1, SPFusionShapes.SpectrumLength);
        register_buffer(nameof(mean), mean);
        register_buffer(nameof(scale), scale);
    }

    /// <summary>True while the module computes the identity (no statistics set, or loaded weights without any).</summary>
    public bool IsIdentity => mean.count_nonzero().item<long>() == 0 && scale.eq(KeptScalars.One).all().item<bool>();

    /// <summary>The subtracted mean of each pixel, [3584].</summary>
    public float[] Mean => mean.cpu().data<float>().ToArray();

    /// <summary>The factor each pixel is multiplied by after the subtraction (1 / std), [3584].</summary>
    public float[] Scale => scale.cpu().data<float>().ToArray();

    /// <summary>
    /// Sets the statistics: <paramref name="pixelMean"/> and <paramref name="pixelStd"/> per pixel (3,584 each, finite,
    /// std non-negative); a pixel with std below <see cref="MinimumStd"/> is only shifted.
    /// </summary>
    public void SetMoments(ReadOnlySpan<float> pixelMean, ReadOnlySpan<float> pixelStd)
    {
        int n = SPFusionShapes.SpectrumLength;
        if (pixelMean.Length != n || pixelStd.Length != n)
            throw new ArgumentException($"spectrum statistics need {n} values each, got {pixelMean.Length} means and {pixelStd.Length} standard deviations");
        var m = new float[n];
        var s = new float[n];
        for (int i = 0; i < n; i++)
        {
            if (!float.IsFinite(pixelMean[i]) || !float.IsFinite(pixelStd[i]) || pixelStd[i] < 0)
                throw new ArgumentException($"spectrum pixel {i}: mean {pixelMean[i]} and std {pixelStd[i]} must be finite, std non-negative");
            m[i] = pixelMean[i];
            s[i] = pixelStd[i] < MinimumStd ? 1f : 1f / pixelStd[i];
        }
        using var _ = no_grad();
        using var mt = tensor(m, [1, 1, n]);
        using var st = tensor(s, [1, 1, n]);
        mean.copy_(mt);
        scale.copy_(st);
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input) => (input - mean) * scale;
}
