using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace SPFusion.Benchmarks.Infrastructure;

/// <summary>
/// The Python side of the comparison, run as subprocesses: the repository's PyTorch rebuild in
/// bench/pytorch/spfusion_torch.py (Debian's python3-torch; bench/pytorch/parity.py proves it is the published network)
/// and Python's bz2 module decoding the same SDSS frame.
/// </summary>
internal static class PythonReference
{
    /// <summary>Samples/s of <c>spfusion_torch.py mode batch steps threads</c>, or a reason it could not run.</summary>
    public static (Metric? Metric, string? Missing) Torch(string python, string repoRoot, string mode, int steps)
    {
        var (ok, _, why) = Execute(python, ["-c", "import torch"]);
        if (!ok) return (null, $"python3-torch not installed ({python} -c 'import torch' failed: {why}); install with apt-get install -y python3-torch");
        string script = Path.Combine(repoRoot, "bench", "pytorch", "spfusion_torch.py");
        if (!File.Exists(script)) return (null, $"{script} missing");
        var args = new[] { script, mode, BenchContext.Batch.ToString(CultureInfo.InvariantCulture), steps.ToString(CultureInfo.InvariantCulture), BenchContext.Threads.ToString(CultureInfo.InvariantCulture) };
        var (done, output, error) = Execute(python, args);
        if (!done) return (null, $"spfusion_torch.py {mode} failed: {error}");
        var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last();
        using var json = JsonDocument.Parse(line);
        double rate = json.RootElement.GetProperty("samples_per_s").GetDouble();
        string framework = json.RootElement.GetProperty("framework").GetString() ?? "pytorch";
        return (new Metric($"py.{mode}", rate, "samples/s", $"{framework} eager, spfusion_torch.py {string.Join(' ', args.Skip(1))}"), null);
    }

    /// <summary>Median seconds of Python's <c>bz2.decompress</c> on the frame's bytes (after one warm-up), or why not.</summary>
    public static (Metric? Metric, string? Missing) Bz2(string python, string framePath, int runs)
    {
        const string code =
            "import bz2,sys,time\n" +
            "d=open(sys.argv[1],'rb').read(); bz2.decompress(d); ts=[]\n" +
            "for _ in range(int(sys.argv[2])):\n" +
            "    t=time.perf_counter(); bz2.decompress(d); ts.append(time.perf_counter()-t)\n" +
            "ts.sort(); n=len(ts); print(ts[n//2] if n%2 else (ts[n//2-1]+ts[n//2])/2)\n";
        var (ok, output, error) = Execute(python, ["-c", code, framePath, runs.ToString(CultureInfo.InvariantCulture)]);
        if (!ok) return (null, $"python bz2 not available: {error}");
        double seconds = double.Parse(output.Trim(), CultureInfo.InvariantCulture);
        return (new Metric("py.bz2", seconds, "s", $"median of {runs} Python bz2.decompress of {Path.GetFileName(framePath)} (decompression only, bytes already read)"), null);
    }

    private static (bool Ok, string Output, string Error) Execute(string file, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        try
        {
            using var process = Process.Start(psi)!;
            var stderr = process.StandardError.ReadToEndAsync();
            string stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            string err = stderr.Result.Trim();
            return (process.ExitCode == 0, stdout, err.Length > 300 ? err[^300..] : err);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (false, "", e.Message);
        }
    }
}
