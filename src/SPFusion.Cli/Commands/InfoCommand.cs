using System.CommandLine;
using SPFusion.Cli.CommandLine;
using SPFusion.ML.Runtime;

namespace SPFusion.Cli.Commands;

/// <summary><c>spfusion info</c>: versions and a native-library smoke test.</summary>
internal sealed class InfoCommand : ICliCommand
{
    /// <inheritdoc/>
    public string Name => "info";

    /// <inheritdoc/>
    public string Summary => "package, TorchSharp, libtorch and ONNX Runtime versions; proves the native libraries load";

    /// <inheritdoc/>
    public IEnumerable<Symbol> Symbols => [];

    /// <inheritdoc/>
    public int Run(ParseResult args, TextWriter stdout, TextWriter stderr)
    {
        NativeRuntimeInfo info;
        try
        {
            info = NativeRuntimeInfo.Probe();
        }
        catch (Exception ex) when (ex is DllNotFoundException or TypeInitializationException or NotSupportedException or EntryPointNotFoundException)
        {
            stderr.WriteLine($"spfusion info: native libraries failed to load: {(ex.InnerException ?? ex).Message.ReplaceLineEndings(" ")}");
            return 1;
        }
        stdout.WriteLine($"spfusion          {info.PackageVersion}");
        stdout.WriteLine($"TorchSharp        {info.TorchSharpVersion}");
        stdout.WriteLine($"libtorch          {info.LibTorchVersion}");
        stdout.WriteLine($"CUDA available    {(info.CudaAvailable ? $"yes ({info.CudaDeviceCount} device(s))" : "no")}");
        stdout.WriteLine($"ONNX Runtime      {info.OnnxRuntimeVersion}");
        stdout.WriteLine($"ORT providers     {string.Join(", ", info.OnnxRuntimeProviders)}");
        stdout.WriteLine($"smoke test        conv1d(ones(8), ones(3)).sum() = {info.SmokeTestValue} (expected 18): {(info.SmokeTestValue == 18 ? "ok" : "FAILED")}");
        return info.SmokeTestValue == 18 ? 0 : 1;
    }
}
