using SPFusion.Benchmarks.Infrastructure;
using SPFusion.Transforms.Spectra;

namespace SPFusion.Benchmarks.Preparation;

/// <summary>LAMOST DR10 spectra per second: read the FITS file and prepare it (crop, resample, pad, normalise).</summary>
internal static class SpectraBench
{
    public static IReadOnlyList<Metric> Run(BenchContext context)
    {
        var files = Directory.GetFiles(Path.Combine(context.SharedDirectory, "data", "lamost", "dr10"), "*.fits").Order(StringComparer.Ordinal).ToArray();
        if (files.Length == 0) throw new FileNotFoundException("no LAMOST DR10 files in ../shared/data/lamost/dr10");
        int passes = context.Quick ? 4 : 40;
        var preparation = new SpectrumPreparation();
        float checksum = 0;

        void Pass()
        {
            foreach (var file in files)
                checksum += preparation.Prepare(LamostSpectrumReader.Read(file)).Input[100];
        }

        double seconds = Timing.Seconds(Pass, warmup: 1, runs: passes);
        if (!float.IsFinite(checksum)) throw new InvalidOperationException("prepared spectra hold non-finite values");
        return [new Metric("prep.spectra", files.Length * passes / seconds, "spectra/s",
            $"{passes} passes over the {files.Length} DR10 files (page-cached after a warm-up pass): LamostSpectrumReader.Read + SpectrumPreparation.Prepare, one thread")];
    }
}
