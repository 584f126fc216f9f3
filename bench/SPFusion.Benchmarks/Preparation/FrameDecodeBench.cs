using SPFusion.Benchmarks.Infrastructure;
using SPFusion.Transforms.Images;

namespace SPFusion.Benchmarks.Preparation;

/// <summary>Seconds to decode one bzip2-compressed SDSS frame into pixels and WCS (<see cref="SdssFrameReader"/>, through
/// the block decoder since issue 14; <see cref="FrameWindowBench"/> compares it with SharpZipLib).</summary>
internal static class FrameDecodeBench
{
    public const string Frame = "frame-g-004510-4-0030.fits.bz2";

    public static IReadOnlyList<Metric> Run(BenchContext context)
    {
        string path = context.DataFile("sdss", Frame);
        int runs = context.Quick ? 1 : 5;
        double seconds = Timing.MedianSeconds(() => SdssFrameReader.Read(path), warmup: 1, runs: runs);
        var (_, cpu) = Timing.WallAndCpuSeconds(() => SdssFrameReader.Read(path), warmup: 0, runs: 1);
        return
        [
            new Metric("prep.bz2", seconds, "s",
                $"median of {runs} SdssFrameReader.Read({Frame}): read, bunzip2 (block decoder, blocks in parallel on {Environment.ProcessorCount} cores), FITS parse, float32 pixels, TAN WCS; wall clock"),
            new Metric("prep.bz2.cpu", cpu, "CPU-s", "CPU seconds of this process for one more decode (includes GC and JIT threads)"),
        ];
    }
}
