using TorchSharp;
using TorchSharp.Modules;

namespace SPFusion.ML.Onnx.Export;

/// <summary>Emits a 1-D or 2-D convolution, optionally with the batch norm that follows it folded in.</summary>
internal static class ConvEmitter
{
    /// <summary>
    /// Emits <paramref name="conv"/> (then <paramref name="foldedNorm"/>, if given) on <paramref name="input"/>.
    /// "same" padding becomes explicit pads, asymmetric for even kernels as PyTorch pads them (k=16: 7 before, 8 after).
    /// </summary>
    public static string Emit(OnnxGraphBuilder graph, string input, Convolution conv, string name, BatchNorm? foldedNorm = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(conv);
        if (conv.transposed) throw new NotSupportedException($"{name}: transposed convolutions are not exported");
        if (conv.padding_mode != PaddingModes.Zeros) throw new NotSupportedException($"{name}: padding mode {conv.padding_mode} is not exported (only zeros)");
        float[] weight = TensorValues.ToFloats(conv.weight!);
        long[] dims = TensorValues.Dims(conv.weight!);
        float[]? bias = conv.bias is null ? null : TensorValues.ToFloats(conv.bias);
        if (foldedNorm is not null) (weight, bias) = BatchNormFolding.Fold(weight, bias, foldedNorm);
        long[] kernel = dims[2..];
        long[] stride = Expand(conv.stride, kernel.Length, 1);
        long[] dilation = Expand(conv.dilation, kernel.Length, 1);
        long[] pads = Pads(conv, kernel, dilation, name);
        return Emit(graph, input, name, weight, dims, bias, stride, pads, dilation, conv.groups);
    }

    /// <summary>Emits a convolution from raw weights; <paramref name="pads"/> is ONNX order (all begins, then all ends).</summary>
    public static string Emit(OnnxGraphBuilder graph, string input, string name, float[] weight, long[] weightDims, float[]? bias,
        long[] strides, long[] pads, long[] dilations, long groups)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(weightDims);
        var inputs = new List<string> { input, graph.AddInitializer(name + ".weight", weight, weightDims) };
        if (bias is not null) inputs.Add(graph.AddInitializer(name + ".bias", bias, [weightDims[0]]));
        return graph.AddNode("Conv", inputs, name,
            OnnxAttribute.Ints("kernel_shape", weightDims[2..]),
            OnnxAttribute.Ints("strides", strides),
            OnnxAttribute.Ints("pads", pads),
            OnnxAttribute.Ints("dilations", dilations),
            OnnxAttribute.Int("group", groups));
    }

    /// <summary>PyTorch's "same" rule: total padding d*(k-1), the smaller half before.</summary>
    public static (long Before, long After) SamePadding(long kernel, long dilation)
    {
        long total = dilation * (kernel - 1);
        return (total / 2, total - total / 2);
    }

    private static long[] Pads(Convolution conv, long[] kernel, long[] dilation, string name)
    {
        int n = kernel.Length;
        var pads = new long[2 * n];
        if (conv.padding_type == Padding.Same)
        {
            for (int i = 0; i < n; i++)
                (pads[i], pads[n + i]) = SamePadding(kernel[i], dilation[i]);
            return pads;
        }
        if (conv.padding_type == Padding.Valid || conv.padding is null) return pads;
        long[] symmetric = Expand(conv.padding, n, 0);
        if (symmetric.Length != n) throw new NotSupportedException($"{name}: padding [{string.Join(",", conv.padding)}] does not match a {n}-D kernel");
        for (int i = 0; i < n; i++)
            pads[i] = pads[n + i] = symmetric[i];
        return pads;
    }

    private static long[] Expand(long[]? values, int n, long fallback) =>
        values is null || values.Length == 0 ? Enumerable.Repeat(fallback, n).ToArray()
        : values.Length == 1 && n > 1 ? Enumerable.Repeat(values[0], n).ToArray()
        : values;
}
