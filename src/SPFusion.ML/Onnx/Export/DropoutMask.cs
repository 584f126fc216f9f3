namespace SPFusion.ML.Onnx.Export;

/// <summary>A keep mask (1 kept, 0 dropped; one value for drop-path) of shape <paramref name="Dims"/>, batch dimension 1.</summary>
/// <param name="Keep">The 0/1 values, row-major.</param>
/// <param name="Dims">The shape, [1, ...], broadcast over the batch.</param>
/// <param name="KeepProbability">1 - the layer's rate: survivors are divided by it.</param>
internal sealed record DropoutMask(float[] Keep, long[] Dims, double KeepProbability);
