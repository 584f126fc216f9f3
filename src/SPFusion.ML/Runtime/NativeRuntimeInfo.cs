using System.Reflection;
using Microsoft.ML.OnnxRuntime;
using TorchSharp;
using static TorchSharp.torch;

namespace SPFusion.ML.Runtime;

/// <summary>Versions of the native stacks SPFusion runs on, and proof that they load.</summary>
internal sealed record NativeRuntimeInfo(
    string PackageVersion,
    string TorchSharpVersion,
    string LibTorchVersion,
    bool CudaAvailable,
    int CudaDeviceCount,
    string OnnxRuntimeVersion,
    IReadOnlyList<string> OnnxRuntimeProviders,
    double SmokeTestValue)
{
    /// <summary>
    /// Loads libtorch and ONNX Runtime and runs a small convolution; throws (with the loader's message) if either fails.
    /// </summary>
    public static NativeRuntimeInfo Probe()
    {
        // A 1-D convolution of ones with a ones kernel: every output equals the kernel size.
        using var scope = NewDisposeScope();
        var x = ones(1, 1, 8);
        var w = ones(1, 1, 3);
        double value = nn.functional.conv1d(x, w).sum().item<float>();

        bool cuda = torch.cuda.is_available();
        return new NativeRuntimeInfo(
            PackageVersion: InformationalVersion(typeof(NativeRuntimeInfo).Assembly),
            TorchSharpVersion: InformationalVersion(typeof(torch).Assembly),
            LibTorchVersion: torch.__version__,
            CudaAvailable: cuda,
            CudaDeviceCount: cuda ? torch.cuda.device_count() : 0,
            OnnxRuntimeVersion: OrtEnv.Instance().GetVersionString(),
            OnnxRuntimeProviders: OrtEnv.Instance().GetAvailableProviders(),
            SmokeTestValue: value);
    }

    private static string InformationalVersion(Assembly assembly) =>
        assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? assembly.GetName().Version?.ToString() ?? "unknown";
}
