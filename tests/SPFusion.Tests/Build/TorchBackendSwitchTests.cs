using System.Diagnostics;
using System.Text.Json;
using SPFusion.Tests.Support;

namespace SPFusion.Tests.Build;

/// <summary>
/// The backend is one build property: the library package stays backend-neutral (managed TorchSharp only, as TorchSharp
/// and Microsoft.ML.TorchSharp expect), and every executable gets this platform's CPU libtorch or, with
/// <c>-p:TorchBackend=cuda</c>, TorchSharp-cuda-linux. Evaluated with MSBuild, so nothing is restored.
/// </summary>
public class TorchBackendSwitchTests
{
    private static List<string> PackageReferences(string project, string backend)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = TestPaths.RepoRoot };
        foreach (var a in new[] { "msbuild", Path.Combine(TestPaths.RepoRoot, project), $"-p:TorchBackend={backend}", "-getItem:PackageReference" })
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"msbuild {project}: {stderr.Result}{stdout}");
        using var json = JsonDocument.Parse(stdout);
        return [.. json.RootElement.GetProperty("Items").GetProperty("PackageReference").EnumerateArray().Select(i => i.GetProperty("Identity").GetString()!)];
    }

    [Fact]
    public void TheLibraryReferencesManagedTorchSharpOnlyOnEitherBackend()
    {
        foreach (string backend in new[] { "cpu", "cuda" })
        {
            var refs = PackageReferences("src/SPFusion.ML/SPFusion.ML.csproj", backend);
            Assert.Contains("TorchSharp", refs);
            Assert.DoesNotContain(refs, r => r.StartsWith("libtorch-", StringComparison.Ordinal) || r.StartsWith("TorchSharp-", StringComparison.Ordinal));
            Assert.Contains(backend == "cuda" ? "Microsoft.ML.OnnxRuntime.Gpu.Linux" : "Microsoft.ML.OnnxRuntime", refs);
        }
    }

    [Fact]
    public void ExecutablesGetTheNativeBackendTheSwitchNames()
    {
        var cpu = PackageReferences("src/SPFusion.Cli/SPFusion.Cli.csproj", "cpu");
        Assert.Contains(cpu, r => r.StartsWith("libtorch-cpu-", StringComparison.Ordinal));
        Assert.DoesNotContain("TorchSharp-cuda-linux", cpu);
        var cuda = PackageReferences("src/SPFusion.Cli/SPFusion.Cli.csproj", "cuda");
        Assert.Contains("TorchSharp-cuda-linux", cuda);
        Assert.DoesNotContain(cuda, r => r.StartsWith("libtorch-cpu-", StringComparison.Ordinal));
    }
}
