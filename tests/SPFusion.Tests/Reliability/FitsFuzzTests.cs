using SPFusion.Tests.Support;
using SPFusion.Transforms.Fits;

namespace SPFusion.Tests.Reliability;

/// <summary>
/// Seeded random mutations of small real FITS files either read completely or fail with <see cref="FitsFormatException"/>
/// naming the file; never a crash type (NullReference, IndexOutOfRange, Overflow, OutOfMemory, ArgumentOutOfRange...),
/// never a hang and never a huge allocation.
/// </summary>
public sealed class FitsFuzzTests : IDisposable
{
    private const int Mutations = 1200;
    private const int Seed = 20_240_611;
    private const long AllocationLimit = 64L << 20;
    // Only a read that never ends fails on time; how long a read takes is for benchmarks, not tests.
    private static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(20);

    private readonly TempFolder _temp = new("spfusion-fuzz");

    public void Dispose() => _temp.Dispose();

    private static List<(string Name, byte[] Bytes)> Seeds() =>
    [
        .. new[] { "arange", "blank", "btable", "scale", "table", "tb", "tdim" }
            .Select(n => (n, File.ReadAllBytes(TestPaths.DataFile("fits", n + ".fits")))),
        ("dr10", File.ReadAllBytes(TestPaths.DataFile("lamost", "dr10", "3703110.fits"))),
    ];

    [Fact]
    public void MutatedFilesReadOrFailWithTheDocumentedException()
    {
        var seeds = Seeds();
        var mutator = new FitsMutator(Seed);
        var rng = new Random(Seed);
        var failures = new List<string>();
        int errors = 0;
        for (int i = 0; i < Mutations; i++)
        {
            var (name, original) = seeds[rng.Next(seeds.Count)];
            // One to three stacked mutations, so a broken card can meet a shifted block or a cut.
            var (bytes, what) = mutator.Mutate(original);
            for (int k = rng.Next(3); k > 0 && bytes.Length >= FitsBytes.Card; k--)
            {
                var (more, how) = mutator.Mutate(bytes);
                (bytes, what) = (more, what + "; " + how);
            }
            // A fifth of the cases go through gzip, with a byte of the compressed stream damaged half the time.
            bool gzip = rng.Next(5) == 0;
            if (gzip)
            {
                bytes = FitsBytes.Gzip(bytes);
                if (rng.Next(2) == 0)
                {
                    int at = rng.Next(bytes.Length);
                    bytes[at] ^= (byte)(1 + rng.Next(255));
                    what += $", gz byte {at} damaged";
                }
            }
            string path = Path.Combine(_temp.Path, $"fuzz-{i:D4}-{name}{(gzip ? ".fits.gz" : ".fits")}");
            File.WriteAllBytes(path, bytes);
            var outcome = FitsFullRead.Guarded(() => FitsFullRead.ReadAll(path), HangLimit);
            string label = $"#{i} {name} ({what})";
            if (!outcome.Finished) failures.Add($"{label}: still reading after {HangLimit.TotalSeconds} s");
            else if (outcome.Error is FitsFormatException ex)
            {
                errors++;
                if (!ex.Message.Contains(path, StringComparison.Ordinal)) failures.Add($"{label}: message does not name the file: {ex.Message}");
            }
            else if (outcome.Error is not null) failures.Add($"{label}: {outcome.Error.GetType().Name}: {outcome.Error.Message}");
            if (outcome.AllocatedBytes > AllocationLimit) failures.Add($"{label}: allocated {outcome.AllocatedBytes >> 20} MB");
            File.Delete(path);
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {Mutations} mutations misbehaved:\n{string.Join("\n", failures)}");
        // The mutations must actually break files, or the test proves nothing.
        Assert.InRange(errors, Mutations / 4, Mutations);
    }
}
