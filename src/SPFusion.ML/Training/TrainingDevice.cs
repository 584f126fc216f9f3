namespace SPFusion.ML.Training;

/// <summary>Where TorchSharp trains.</summary>
public enum TrainingDevice
{
    /// <summary>CUDA when available (device <c>MLContext.GpuDeviceId</c> or 0), otherwise the CPU.</summary>
    Auto,

    /// <summary>Always the CPU.</summary>
    Cpu,

    /// <summary>CUDA; fails unless available, or falls back to the CPU when <c>MLContext.FallbackToCpu</c> is set.</summary>
    Cuda,
}
