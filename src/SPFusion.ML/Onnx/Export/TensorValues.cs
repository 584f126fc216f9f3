using static TorchSharp.torch;

namespace SPFusion.ML.Onnx.Export;

/// <summary>Copies TorchSharp tensors into plain arrays for initialisers, whatever their device or dtype.</summary>
internal static class TensorValues
{
    /// <summary>The tensor's values as float32, row-major, copied off the device; the tensor itself is untouched.</summary>
    public static float[] ToFloats(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        using var scope = NewDisposeScope();
        var cpu = tensor.detach().to(CPU).to_type(ScalarType.Float32).contiguous();
        return cpu.data<float>().ToArray();
    }

    /// <summary>The tensor's shape as ONNX dims.</summary>
    public static long[] Dims(Tensor tensor) => tensor.shape.ToArray();
}
