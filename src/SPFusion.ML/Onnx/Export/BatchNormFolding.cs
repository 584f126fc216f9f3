using TorchSharp.Modules;

namespace SPFusion.ML.Onnx.Export;

/// <summary>
/// Folds an eval-mode batch norm into the convolution in front of it: w' = w * g/sqrt(var+eps),
/// b' = (b - mean) * g/sqrt(var+eps) + beta. Exact in eval mode, and it removes a whole pass over the
/// activations per norm at inference time.
/// </summary>
internal static class BatchNormFolding
{
    /// <summary>The per-channel scale and shift the norm applies in eval mode, computed in double precision.</summary>
    public static (double[] Scale, double[] Shift) Affine(BatchNorm norm)
    {
        ArgumentNullException.ThrowIfNull(norm);
        if (norm.running_mean is null || norm.running_var is null)
            throw new NotSupportedException("batch norm without running statistics (track_running_stats=false) cannot be folded: it normalises with batch statistics even in eval mode");
        float[] mean = TensorValues.ToFloats(norm.running_mean);
        float[] variance = TensorValues.ToFloats(norm.running_var);
        float[]? gamma = norm.weight is null ? null : TensorValues.ToFloats(norm.weight);
        float[]? beta = norm.bias is null ? null : TensorValues.ToFloats(norm.bias);
        var scale = new double[mean.Length];
        var shift = new double[mean.Length];
        for (int c = 0; c < mean.Length; c++)
        {
            scale[c] = (gamma?[c] ?? 1.0) / Math.Sqrt(variance[c] + norm.eps);
            shift[c] = (beta?[c] ?? 0.0) - mean[c] * scale[c];
        }
        return (scale, shift);
    }

    /// <summary>
    /// Returns the folded weight and bias for a convolution with weight [Cout, ...] and optional bias [Cout].
    /// </summary>
    public static (float[] Weight, float[] Bias) Fold(float[] weight, float[]? bias, BatchNorm norm)
    {
        ArgumentNullException.ThrowIfNull(weight);
        var (scale, shift) = Affine(norm);
        int outChannels = scale.Length;
        if (weight.Length % outChannels != 0)
            throw new ArgumentException($"batch norm over {outChannels} channels does not match a convolution weight of {weight.Length} values", nameof(norm));
        int perChannel = weight.Length / outChannels;
        var w = new float[weight.Length];
        var b = new float[outChannels];
        for (int c = 0; c < outChannels; c++)
        {
            for (int i = 0; i < perChannel; i++)
                w[c * perChannel + i] = (float)(weight[c * perChannel + i] * scale[c]);
            b[c] = (float)((bias?[c] ?? 0.0) * scale[c] + shift[c]);
        }
        return (w, b);
    }
}
