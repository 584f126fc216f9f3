using SPFusion.Tests.Cli;
using SPFusion.Tests.Support;
using SPFusion.Transforms.Fits;

namespace SPFusion.Tests.Reliability;

/// <summary>
/// Every malformed file of <see cref="MalformedFitsCorpus"/> fails fast with a <see cref="FitsFormatException"/> naming the
/// file, never allocates from an unchecked header size, and makes <c>spfusion inspect</c> exit 2 with one line on stderr.
/// </summary>
public sealed class MalformedFitsCorpusTests : IDisposable
{
    private const long AllocationLimit = 64L << 20;
    // Only a read that never ends fails on time; how long a read takes is for benchmarks, not tests.
    private static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(20);

    private readonly TempFolder _temp = new("spfusion-malformed");

    public void Dispose() => _temp.Dispose();

    private string Write(MalformedFitsCase c)
    {
        string path = Path.Combine(_temp.Path, c.Name + c.Extension);
        File.WriteAllBytes(path, c.Bytes);
        return path;
    }

    [Fact]
    public void CorpusHasAtLeast200DistinctCases()
    {
        var cases = MalformedFitsCorpus.All;
        Assert.True(cases.Count >= 200, $"only {cases.Count} cases");
        Assert.Equal(cases.Count, cases.Select(c => c.Name).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void EveryCaseThrowsTheFitsExceptionNamingTheFileQuicklyAndWithoutHugeAllocations()
    {
        var failures = new List<string>();
        foreach (var c in MalformedFitsCorpus.All)
        {
            string path = Write(c);
            var outcome = FitsFullRead.Guarded(() => FitsFullRead.ReadAll(path), HangLimit);
            if (!outcome.Finished) failures.Add($"{c.Name}: still reading after {HangLimit.TotalSeconds} s");
            else if (outcome.Error is null) failures.Add($"{c.Name}: read without error");
            else if (outcome.Error is not FitsFormatException ex) failures.Add($"{c.Name}: {outcome.Error.GetType().Name}: {outcome.Error.Message}");
            else if (!ex.Message.Contains(path, StringComparison.Ordinal) || ex.FileName != path) failures.Add($"{c.Name}: message does not name the file: {ex.Message}");
            if (outcome.AllocatedBytes > AllocationLimit) failures.Add($"{c.Name}: allocated {outcome.AllocatedBytes >> 20} MB");
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {MalformedFitsCorpus.All.Count} cases misbehaved:\n{string.Join("\n", failures)}");
    }

    [Fact]
    public void InspectExitsWithCode2AndOneStderrLineNamingTheFile()
    {
        var failures = new List<string>();
        foreach (var c in MalformedFitsCorpus.All)
        {
            string path = Write(c);
            var (code, stdout, stderr) = CliHarness.Run("inspect", path);
            var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (code != 2) failures.Add($"{c.Name}: exit code {code}: {stderr.Trim()}");
            else if (lines.Length != 1) failures.Add($"{c.Name}: {lines.Length} stderr lines: {stderr}");
            else if (!lines[0].Contains(path, StringComparison.Ordinal)) failures.Add($"{c.Name}: stderr does not name the file: {lines[0]}");
            else if (stdout.Length != 0) failures.Add($"{c.Name}: wrote to stdout");
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {MalformedFitsCorpus.All.Count} cases misbehaved:\n{string.Join("\n", failures)}");
    }
}
