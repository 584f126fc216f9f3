using System.Text;
using SPFusion.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace SPFusion.Tests.Build;

public class TorchSharpNativeFixTests
{
    private static string NativeInOutput() =>
        Directory.EnumerateFiles(AppContext.BaseDirectory, "libLibTorchSharp.so", SearchOption.AllDirectories).Single();

    private static string NativeInPackageCache()
    {
        string nuget = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        return Directory.EnumerateFiles(Path.Combine(nuget, "torchsharp"), "libLibTorchSharp.so", SearchOption.AllDirectories)
            .First(p => p.Contains("linux-x64", StringComparison.Ordinal));
    }

    [Fact]
    public void TensorAndConvolutionRunAfterTheBuildPatch()
    {
        using var scope = NewDisposeScope();
        torch.manual_seed(1);
        var x = ones(2, 3, 16, 16);
        var conv = nn.Conv2d(3, 4, 3, padding: 1, bias: false);
        using (no_grad()) conv.weight!.fill_(1f);
        var y = conv.forward(x);
        Assert.Equal(new long[] { 2, 4, 16, 16 }, y.shape);
        // Interior pixels see 3 channels x 9 taps of ones.
        Assert.Equal(27f, y[0, 0, 5, 5].item<float>());
        Assert.Equal(12f, y[0, 0, 0, 0].item<float>());
    }

    [Fact]
    public void OutputCopyIsPatchedAndPackageCacheIsNot()
    {
        using var temp = new TempFolder("spfusion-elf");
        Assert.Equal(0, SPFusionWeakenGlibcxxNeed.Patch(CopyToTemp(temp, NativeInOutput(), "output.so"), "GLIBCXX_3.4.32"));
        string cache = NativeInPackageCache();
        byte[] before = File.ReadAllBytes(cache);
        string copy = CopyToTemp(temp, cache, "cache.so");
        Assert.Equal(1, SPFusionWeakenGlibcxxNeed.Patch(copy, "GLIBCXX_3.4.32"));
        Assert.Equal(before, File.ReadAllBytes(cache));
        // Idempotent: a second run changes nothing, and exactly two bytes differ from the original.
        Assert.Equal(0, SPFusionWeakenGlibcxxNeed.Patch(copy, "GLIBCXX_3.4.32"));
        byte[] after = File.ReadAllBytes(copy);
        Assert.Equal(before.Length, after.Length);
        int diff = Enumerable.Range(0, before.Length).Count(i => before[i] != after[i]);
        Assert.Equal(1, diff); // the low byte of vna_flags gains 0x2
        Assert.Equal(File.ReadAllBytes(NativeInOutput()), after);
    }

    [Fact]
    public void AbsentVersionIsANoOp()
    {
        using var temp = new TempFolder("spfusion-elf");
        string copy = CopyToTemp(temp, NativeInPackageCache(), "cache.so");
        byte[] before = File.ReadAllBytes(copy);
        Assert.Equal(0, SPFusionWeakenGlibcxxNeed.Patch(copy, "GLIBCXX_9.9.99"));
        Assert.Equal(before, File.ReadAllBytes(copy));
    }

    [Fact]
    public void NonElfInputIsRejected()
    {
        using var temp = new TempFolder("spfusion-notelf");
        string path = temp.File("notelf.so");
        File.WriteAllBytes(path, Encoding.ASCII.GetBytes(new string('x', 128)));
        var ex = Assert.Throws<InvalidDataException>(() => SPFusionWeakenGlibcxxNeed.Patch(path, "GLIBCXX_3.4.32"));
        Assert.Contains("ELF", ex.Message);
    }

    private static string CopyToTemp(TempFolder temp, string source, string name)
    {
        string path = temp.File(name);
        File.Copy(source, path);
        return path;
    }
}
