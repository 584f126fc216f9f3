using SPFusion.Benchmarks.Infrastructure;
using SPFusion.Transforms.Spectra;

namespace SPFusion.Benchmarks.Preparation;

/// <summary>LAMOST DR10 spectra per second: read the FITS file and prepare it (crop, resample, pad, normalise).</summary>
internal static class SpectraBench
{
    public static IReadOnlyList<Metric> Run(BenchContext context)
    {
        var files = Directory.GetFiles(Path.Combine(context.RepositoryRoot, "tests", "data", "lamost", "dr10"), "*.fits").Order(StringComparer.Ordinal).ToArray();
        if (files.Length == 0) throw new FileNotFoundException("no LAMOST DR10 files in tests/data/lamost/dr10");
        int passes = context.Quick ? 4 : 40;
        var preparation = new SpectrumPreparation();
        float checksum = 0;

        void Pass()
        {
            foreach (var file in files)
                checksum += preparation.Prepare(LamostSpectrumReader.Read(file)).Input[100];
        }

        var (wall, cpu) = Timing.WallAndCpuSeconds(Pass, warmup: 1, runs: passes);

        // The same passes spread over the machine's two cores (reader and preparation are thread-safe).
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = BenchContext.Threads };
        double parallelSeconds = Timing.Seconds(
            () => Parallel.ForEach(files, parallel, f => _ = preparation.Prepare(LamostSpectrumReader.Read(f)).Input[100]), warmup: 1, runs: passes);

        // Breakdown: reading alone, then preparing already-read spectra.
        var read = files.Select(LamostSpectrumReader.Read).ToArray();
        double readSeconds = Timing.Seconds(() => Array.ForEach(files, f => LamostSpectrumReader.Read(f)), warmup: 0, runs: passes);
        double prepareSeconds = Timing.Seconds(() => Array.ForEach(read, s => checksum += preparation.Prepare(s).Input[100]), warmup: 0, runs: passes);
        if (!float.IsFinite(checksum)) throw new InvalidOperationException("prepared spectra hold non-finite values");
        int count = files.Length * passes;
        return
        [
            new Metric("prep.spectra", count / wall, "spectra/s",
                $"{passes} passes over the {files.Length} DR10 files (page-cached after a warm-up pass): LamostSpectrumReader.Read + SpectrumPreparation.Prepare, one thread, wall clock"),
            new Metric("prep.spectra.parallel", count / parallelSeconds, "spectra/s",
                $"the same passes with Parallel.ForEach over the files, {BenchContext.Threads} threads, wall clock"),
            new Metric("prep.spectra.cpu", count / cpu, "spectra/CPU-s", "the same passes per CPU second of this process (load-independent view of the single-thread cost)"),
            new Metric("prep.spectra.read", count / readSeconds, "spectra/s", "breakdown: LamostSpectrumReader.Read alone"),
            new Metric("prep.spectra.prepare", count / prepareSeconds, "spectra/s", "breakdown: SpectrumPreparation.Prepare alone on spectra already read"),
        ];
    }
}
