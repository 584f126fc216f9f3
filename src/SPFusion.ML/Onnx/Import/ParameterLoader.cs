using Onnx;
using SPFusion.ML.Runtime;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SPFusion.ML.Onnx.Import;

/// <summary>
/// Copies ONNX initialisers into TorchSharp parameters and buffers, undoing what the PyTorch exporter did:
/// transposed linear weights, LayerNorm constants with broadcasting axes, and batch norms folded into convolutions.
/// Every shape is checked; a mismatch names the node and the initialiser.
/// </summary>
internal sealed class ParameterLoader(string file)
{
    /// <summary>Copies <paramref name="source"/> into <paramref name="target"/>, which must have exactly its shape.</summary>
    public void Copy(NodeProto node, OnnxInitializer source, Tensor target)
    {
        if (!source.Shape.SequenceEqual(target.shape))
            throw Mismatch(node, source, target.shape);
        Write(source.Values, target);
    }

    /// <summary>Copies a LayerNorm constant of shape [C,1] or [1,C,1] into a [C] parameter.</summary>
    public void CopyChannelConstant(NodeProto node, OnnxInitializer source, Tensor target)
    {
        long c = target.shape[0];
        bool fits = source.Shape.Length is >= 1 and <= 3 && source.Shape.Count(d => d != 1) <= 1 && source.Values.Length == c
            && source.Shape.Contains(c);
        if (!fits) throw Mismatch(node, source, [c, 1]);
        Write(source.Values, target);
    }

    /// <summary>Copies a MatMul initialiser [in,out] into a Linear weight [out,in].</summary>
    public void CopyTransposed(NodeProto node, OnnxInitializer source, Tensor target)
    {
        if (source.Shape.Length != 2 || source.Shape[0] != target.shape[1] || source.Shape[1] != target.shape[0])
            throw Mismatch(node, source, [target.shape[1], target.shape[0]]);
        using var t = tensor(Subnormals.Flushed(source.Values), source.Shape).t();
        using var noGrad = no_grad();
        target.copy_(t);
    }

    /// <summary>
    /// Loads a convolution whose following batch norm the exporter folded into it: the convolution takes the folded
    /// weight; the folded bias goes to the convolution's own bias when it has one, else to the norm's bias; the norm
    /// becomes weight 1, running mean 0, running variance 1 - eps, so that it computes the identity plus its bias.
    /// </summary>
    public void LoadFolded(NodeProto node, IReadOnlyList<OnnxInitializer> inputs, Tensor weight, Tensor? bias, BatchNorm norm)
    {
        if (inputs.Count != 2)
            throw new InvalidDataException($"{file}: node '{node.Name}' has {inputs.Count} initializers, expected a folded weight and bias");
        Copy(node, inputs[0], weight);
        using var noGrad = no_grad();
        if (bias is not null)
        {
            Copy(node, inputs[1], bias);
            norm.bias!.zero_();
        }
        else
        {
            Copy(node, inputs[1], norm.bias!);
        }
        norm.weight!.FillWith(1);
        norm.running_mean!.zero_();
        norm.running_var!.FillWith(1 - norm.eps);
        norm.num_batches_tracked?.zero_();
    }

    /// <summary>An error naming the node, the initialiser and both shapes.</summary>
    public InvalidDataException Mismatch(NodeProto node, OnnxInitializer source, long[] expected) =>
        new($"{file}: node '{node.Name}' initializer '{source.Name}' has shape {source.ShapeText}, expected [{string.Join(",", expected)}]");

    // Subnormal weights are loaded as zero (see Subnormals): TorchSharp would multiply them about 100 times slower.
    private static void Write(float[] values, Tensor target)
    {
        using var source = tensor(Subnormals.Flushed(values), target.shape, dtype: target.dtype);
        using var noGrad = no_grad();
        target.copy_(source);
    }
}
