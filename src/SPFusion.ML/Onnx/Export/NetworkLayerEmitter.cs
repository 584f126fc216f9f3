using SPFusion.ML.Network;

namespace SPFusion.ML.Onnx.Export;

/// <summary>Emitters for the network's own layer types (same-padded convolutions, conv+BN pairs, channel LayerNorm).</summary>
internal static class NetworkLayerEmitter
{
    /// <summary>Emits a same-padded 1-D convolution (explicit, possibly asymmetric pads), with an optional batch norm folded in.</summary>
    public static string SamePadConv(OnnxGraphBuilder graph, string input, SamePadConv1d conv, string name, TorchSharp.Modules.BatchNorm? foldedNorm = null)
    {
        ArgumentNullException.ThrowIfNull(conv);
        float[] weight = TensorValues.ToFloats(conv.Weight);
        float[]? bias = conv.Bias is null ? null : TensorValues.ToFloats(conv.Bias);
        if (foldedNorm is not null) (weight, bias) = BatchNormFolding.Fold(weight, bias, foldedNorm);
        return ConvEmitter.Emit(graph, input, name, weight, TensorValues.Dims(conv.Weight), bias,
            strides: [1], pads: [conv.PadLeft, conv.PadRight], dilations: [1], groups: conv.Groups);
    }

    /// <summary>Emits a convolution and the batch norm after it (if any) as one folded Conv node.</summary>
    public static string ConvBn(OnnxGraphBuilder graph, string input, ConvBnSequence sequence, string name)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        return SamePadConv(graph, input, sequence.Conv, name, sequence.Norm);
    }

    /// <summary>Emits a channel LayerNorm from its module.</summary>
    public static string LayerNorm(OnnxGraphBuilder graph, string input, ChannelLayerNorm norm, string name)
    {
        ArgumentNullException.ThrowIfNull(norm);
        return ChannelLayerNormEmitter.Emit(graph, input, TensorValues.ToFloats(norm.Weight), TensorValues.ToFloats(norm.Bias), norm.Epsilon, name);
    }

    /// <summary>Emits only the affine step of a channel LayerNorm on an already normalised value.</summary>
    public static string LayerNormAffine(OnnxGraphBuilder graph, string normalized, ChannelLayerNorm norm, string name, double outputScale = 1.0)
    {
        ArgumentNullException.ThrowIfNull(norm);
        return ChannelLayerNormEmitter.Affine(graph, normalized, TensorValues.ToFloats(norm.Weight), TensorValues.ToFloats(norm.Bias), name, outputScale);
    }
}
