using TorchSharp;
using static TorchSharp.torch;

namespace SPFusion.ML.Training;

/// <summary>Resolves <see cref="TrainingDevice"/> against what the machine has, following ML.NET's GPU settings.</summary>
internal static class DeviceSelector
{
    public static Device Resolve(TrainingDevice requested, int? gpuDeviceId, bool fallbackToCpu, Action<string> log)
    {
        bool cuda = torch.cuda.is_available();
        int index = gpuDeviceId ?? 0;
        switch (requested)
        {
            case TrainingDevice.Cpu:
                return CPU;
            case TrainingDevice.Auto:
                return cuda ? new Device(DeviceType.CUDA, index) : CPU;
            case TrainingDevice.Cuda when cuda:
                return new Device(DeviceType.CUDA, index);
            case TrainingDevice.Cuda when fallbackToCpu:
                log("CUDA requested but not available; falling back to the CPU (MLContext.FallbackToCpu is set)");
                return CPU;
            case TrainingDevice.Cuda:
                throw new InvalidOperationException(
                    "CUDA requested but not available (CPU build of TorchSharp or no GPU); build with -p:TorchBackend=cuda, or set MLContext.FallbackToCpu");
            default:
                throw new ArgumentOutOfRangeException(nameof(requested), requested, "unknown device");
        }
    }
}
