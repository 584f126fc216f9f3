using SPFusion.Tests.Support;
using SPFusion.Transforms.Spectra;

namespace SPFusion.Tests.Reliability;

/// <summary>
/// The LAMOST spectrum reader, the first consumer of the FITS reader, turns malformed and mutated spectrum files into the
/// package's data-format exceptions (<see cref="IOException"/> incl. FitsFormatException, or <see cref="InvalidDataException"/>)
/// naming the file, never a crash type.
/// </summary>
public sealed class LamostReaderFaultTests : IDisposable
{
    private static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(20);
    private readonly TempFolder _temp = new("spfusion-lamost");

    public void Dispose() => _temp.Dispose();

    private static string? Misbehaviour(string label, string path, FitsFullRead.Outcome outcome, bool mustFail)
    {
        if (!outcome.Finished) return $"{label}: still reading after {HangLimit.TotalSeconds} s";
        if (outcome.Error is null) return mustFail ? $"{label}: read without error" : null;
        if (outcome.Error is not (IOException or InvalidDataException)) return $"{label}: {outcome.Error.GetType().Name}: {outcome.Error.Message}";
        return outcome.Error.Message.Contains(path, StringComparison.Ordinal) ? null : $"{label}: message does not name the file: {outcome.Error.Message}";
    }

    [Fact]
    public void MalformedSpectrumFilesFailNamingTheFile()
    {
        var cases = MalformedFitsCorpus.All.Where(c => c.Name.StartsWith("dr10", StringComparison.Ordinal)
            || c.Name.StartsWith("dr7", StringComparison.Ordinal) || c.Name.StartsWith("gz-", StringComparison.Ordinal)).ToList();
        Assert.True(cases.Count > 100, $"only {cases.Count} spectrum cases");
        var failures = new List<string>();
        foreach (var c in cases)
        {
            string path = Path.Combine(_temp.Path, c.Name + c.Extension);
            File.WriteAllBytes(path, c.Bytes);
            var outcome = FitsFullRead.Guarded(() => LamostSpectrumReader.Read(path), HangLimit);
            if (Misbehaviour(c.Name, path, outcome, mustFail: true) is string f) failures.Add(f);
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Count} cases misbehaved:\n{string.Join("\n", failures)}");
    }

    [Fact]
    public void MutatedSpectrumFilesReadOrFailNamingTheFile()
    {
        const int Mutations = 300;
        var seeds = new[]
        {
            File.ReadAllBytes(TestPaths.DataFile("lamost", "dr10", "3703110.fits")),
            FitsBytes.Gunzip(TestPaths.DataFile("lamost", "spec-55859-F5902_sp01-001_dr7.fits.gz")),
        };
        var mutator = new FitsMutator(4242);
        var rng = new Random(4242);
        var failures = new List<string>();
        for (int i = 0; i < Mutations; i++)
        {
            var (bytes, what) = mutator.Mutate(seeds[rng.Next(seeds.Length)]);
            string path = Path.Combine(_temp.Path, $"mutant-{i:D3}.fits");
            File.WriteAllBytes(path, bytes);
            var outcome = FitsFullRead.Guarded(() => LamostSpectrumReader.Read(path), HangLimit);
            if (Misbehaviour($"#{i} ({what})", path, outcome, mustFail: false) is string f) failures.Add(f);
            File.Delete(path);
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {Mutations} mutations misbehaved:\n{string.Join("\n", failures)}");
    }
}
