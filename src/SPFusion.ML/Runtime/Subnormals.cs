namespace SPFusion.ML.Runtime;

/// <summary>
/// The one rule for float32 subnormals (magnitudes below 1.18e-38) in weights: they are loaded and exported as zero.
/// </summary>
/// <remarks>
/// The authors' published weights hold thousands of them (2,304 in ResNet10-T's layer1.0.conv1 alone). x86 multiplies a
/// subnormal operand about 100 times slower unless the thread treats subnormals as zero, which ONNX Runtime does only in
/// sessions created with that option: ML.NET's <c>OnnxTransformer</c> creates its own, and a loaded zip scored 32-34
/// stars/s on 2 cores with these weights kept, 176-194 with them zeroed. Zeroing such a weight changes a product
/// with any activation by less than 1.2e-38 times that activation, below what float32 resolves beside the network's
/// outputs, so the model is the same one; ONNX Runtime's own flush gives the same zeros.
/// </remarks>
internal static class Subnormals
{
    /// <summary>How many of <paramref name="values"/> are subnormal.</summary>
    public static int Count(ReadOnlySpan<float> values)
    {
        int count = 0;
        foreach (float v in values)
        {
            if (float.IsSubnormal(v)) count++;
        }
        return count;
    }

    /// <summary><paramref name="values"/> with every subnormal set to zero of the same sign; the array itself when it has none.</summary>
    public static float[] Flushed(float[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (Count(values) == 0) return values;
        var flushed = (float[])values.Clone();
        for (int i = 0; i < flushed.Length; i++)
        {
            if (float.IsSubnormal(flushed[i])) flushed[i] = float.IsNegative(flushed[i]) ? -0f : 0f;
        }
        return flushed;
    }
}
