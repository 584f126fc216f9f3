using TorchSharp.Modules;

namespace SPFusion.ML.Onnx.Export;

/// <summary>Pooling layers, with PyTorch's padding conventions written out as ONNX attributes.</summary>
internal static class PoolEmitter
{
    /// <summary>Emits a 2-D max pool (symmetric padding, floor mode).</summary>
    public static string MaxPool2d(OnnxGraphBuilder graph, string input, MaxPool2d pool, string name)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(pool);
        if (pool.ceil_mode) throw new NotSupportedException($"{name}: ceil_mode max pooling is not exported");
        long[] kernel = Two(pool.kernel_size, 1);
        long[] stride = Two(pool.stride, 0) is var s && s.All(v => v > 0) ? s : kernel;
        long[] pad = Two(pool.padding, 0);
        long[] dilation = Two(pool.dilation, 1);
        return graph.AddNode("MaxPool", [input], name,
            OnnxAttribute.Ints("kernel_shape", kernel),
            OnnxAttribute.Ints("strides", stride),
            OnnxAttribute.Ints("pads", pad[0], pad[1], pad[0], pad[1]),
            OnnxAttribute.Ints("dilations", dilation));
    }

    /// <summary>Emits a 1-D max pool without padding (floor mode), as RAC-Net's and SSCNN's pools.</summary>
    public static string MaxPool1d(OnnxGraphBuilder graph, string input, MaxPool1d pool, string name)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(pool);
        if (pool.ceil_mode) throw new NotSupportedException($"{name}: ceil_mode max pooling is not exported");
        if ((pool.padding ?? 0) != 0 || (pool.dilation ?? 1) != 1) throw new NotSupportedException($"{name}: padded or dilated 1-D max pooling is not exported");
        long kernel = pool.kernel_size;
        return graph.AddNode("MaxPool", [input], name,
            OnnxAttribute.Ints("kernel_shape", kernel),
            OnnxAttribute.Ints("strides", pool.stride ?? kernel),
            OnnxAttribute.Ints("pads", 0, 0));
    }

    /// <summary>Emits a 2-D average pool from its module, with PyTorch's ceil mode and padding-count settings.</summary>
    public static string AvgPool2d(OnnxGraphBuilder graph, string input, AvgPool2d pool, string name)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(pool);
        if (pool.divisor_override is not null) throw new NotSupportedException($"{name}: average pooling with a divisor override is not exported");
        long[] kernel = Two(pool.kernel_size, 1);
        long[] stride = Two(pool.stride, 0) is var s && s.All(v => v > 0) ? s : kernel;
        long[] pad = Two(pool.padding, 0);
        return graph.AddNode("AveragePool", [input], name,
            OnnxAttribute.Ints("kernel_shape", kernel),
            OnnxAttribute.Ints("strides", stride),
            OnnxAttribute.Ints("pads", pad[0], pad[1], pad[0], pad[1]),
            OnnxAttribute.Int("ceil_mode", pool.ceil_mode ? 1 : 0),
            OnnxAttribute.Int("count_include_pad", pool.count_include_pad ? 1 : 0));
    }

    /// <summary>Emits a 1-D average pool; <paramref name="countIncludePad"/> false divides by the in-range count, as the MetaFormer mixer does.</summary>
    public static string AvgPool1d(OnnxGraphBuilder graph, string input, long kernel, long stride, long padding, bool countIncludePad, string name)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return graph.AddNode("AveragePool", [input], name,
            OnnxAttribute.Ints("kernel_shape", kernel),
            OnnxAttribute.Ints("strides", stride),
            OnnxAttribute.Ints("pads", padding, padding),
            OnnxAttribute.Int("count_include_pad", countIncludePad ? 1 : 0));
    }

    /// <summary>Emits <paramref name="pool"/> from its module settings.</summary>
    public static string AvgPool1d(OnnxGraphBuilder graph, string input, AvgPool1d pool, string name)
    {
        ArgumentNullException.ThrowIfNull(pool);
        if (pool.ceil_mode) throw new NotSupportedException($"{name}: ceil_mode average pooling is not exported");
        return AvgPool1d(graph, input, pool.kernel_size, pool.stride ?? pool.kernel_size, pool.padding ?? 0, pool.count_include_pad, name);
    }

    private static long[] Two(long[]? values, long fallback) =>
        values is null || values.Length == 0 ? [fallback, fallback] : values.Length == 1 ? [values[0], values[0]] : values;
}
