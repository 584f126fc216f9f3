using ICSharpCode.SharpZipLib.BZip2;
using SPFusion.Benchmarks.Infrastructure;
using SPFusion.Transforms.Fits.Bzip2;
using SPFusion.Transforms.Images;

namespace SPFusion.Benchmarks.Preparation;

/// <summary>
/// Frame decoding at survey scale (issue 14): one star per frame, each star with its own three frames (distinct copies
/// of the real field 4510-4-30 frames, so nothing is shared or cached between stars). Per-star wall time of the whole
/// decode with SharpZipLib (the reader before the block decoder) and with the block decoder (<see cref="SdssFrameReader.Read"/>)
/// against <see cref="SdssFrameReader.ReadAround"/>, cut-out included in all three; and one frame decoded whole by SharpZipLib and by the block decoder on one thread and on all cores.
/// </summary>
internal static class FrameWindowBench
{
    public static IReadOnlyList<Metric> Run(BenchContext context)
    {
        string[] bands = ["g", "r", "i"];
        string[] sources = [.. bands.Select(b => context.DataFile("sdss", $"frame-{b}-004510-4-0030.fits.bz2"))];
        int stars = context.Quick ? 3 : 12;
        int runs = context.Quick ? 1 : 5;
        string folder = Path.Combine(context.WorkDirectory, $"frame-window-{Environment.ProcessId}");
        Directory.CreateDirectory(folder);
        try
        {
            var metrics = new List<Metric>();
            string g = sources[0];

            // One frame, the decompression alone (no FITS parsing): SharpZipLib, then the block decoder.
            double sharp = Timing.MedianSeconds(() => DecodeSharpZipLib(g), warmup: 1, runs: runs);
            double one = Timing.MedianSeconds(() => DecodeBlocks(g, 1), warmup: 1, runs: runs);
            double all = Timing.MedianSeconds(() => DecodeBlocks(g, Environment.ProcessorCount), warmup: 1, runs: runs);
            metrics.Add(new Metric("prep.bz2.raw.sharpziplib", sharp, "s", $"median of {runs}: bunzip2 of {Path.GetFileName(g)} by SharpZipLib's BZip2InputStream to the end (one thread)"));
            metrics.Add(new Metric("prep.bz2.raw.blocks1", one, "s", $"median of {runs}: the same by the block decoder on one thread (index scan, every block, block and stream CRCs)"));
            metrics.Add(new Metric("prep.bz2.raw.blocks", all, "s", $"median of {runs}: the same by the block decoder, blocks in parallel on {Environment.ProcessorCount} cores"));
            double readSharp = Timing.MedianSeconds(() => SdssFrameReader.ReadWhole(g, blockDecoder: false), warmup: 1, runs: runs);
            double readBlocks = Timing.MedianSeconds(() => SdssFrameReader.Read(g), warmup: 1, runs: runs);
            metrics.Add(new Metric("prep.bz2.read.sharpziplib", readSharp, "s", $"median of {runs}: SdssFrameReader reading the whole frame through SharpZipLib (FITS parse, pixels, WCS)"));
            metrics.Add(new Metric("prep.bz2.read.blocks", readBlocks, "s", $"median of {runs}: SdssFrameReader.Read through the block decoder ({Environment.ProcessorCount} cores)"));

            // Each star gets its own copies of the three frames and a position spread over the frame's rows.
            var reference = SdssFrameReader.Read(g);
            var rng = new Random(14);
            var positions = new (double Ra, double Dec)[stars];
            var paths = new string[stars][];
            for (int s = 0; s < stars; s++)
            {
                double y = 70 + ((reference.Height - 140) * (s + rng.NextDouble()) / stars);
                positions[s] = reference.Wcs.PixelToWorld(70 + (rng.NextDouble() * (reference.Width - 140)), y);
                paths[s] = new string[3];
                for (int b = 0; b < 3; b++)
                {
                    paths[s][b] = Path.Combine(folder, $"star{s}-{Path.GetFileName(sources[b])}");
                    File.Copy(sources[b], paths[s][b]);
                }
            }

            var builder = new StarCutoutBuilder();
            // Every path once first (JIT, page cache), then they alternate per star so load changes hit all of them.
            Whole(0);
            WholeBlocks(0);
            Window(0);
            double whole = 0, wholeBlocks = 0, window = 0;
            for (int s = 0; s < stars; s++)
            {
                whole += Timing.Seconds(() => Whole(s), warmup: 0, runs: 1);
                wholeBlocks += Timing.Seconds(() => WholeBlocks(s), warmup: 0, runs: 1);
                window += Timing.Seconds(() => Window(s), warmup: 0, runs: 1);
            }

            metrics.Add(new Metric("survey.distinct.whole", whole / stars, "s/star",
                $"{stars} stars, each with its own three frames: SdssFrameReader reading each frame whole through SharpZipLib, then the aligned cut-out; mean wall time per star"));
            metrics.Add(new Metric("survey.distinct.whole.blocks", wholeBlocks / stars, "s/star",
                $"the same stars and files: SdssFrameReader.Read (each frame whole through the block decoder, blocks in parallel on {Environment.ProcessorCount} cores), then the same cut-out; mean wall time per star"));
            metrics.Add(new Metric("survey.distinct.window", window / stars, "s/star",
                $"the same stars and files: SdssFrameReader.ReadAround (header and cut-out rows, blocks before them in parallel on {Environment.ProcessorCount} cores), then the same cut-out; mean wall time per star"));
            return metrics;

            void Whole(int s) => builder.Build("s", positions[s].Ra, positions[s].Dec,
                SdssFrameReader.ReadWhole(paths[s][0], blockDecoder: false), SdssFrameReader.ReadWhole(paths[s][1], blockDecoder: false), SdssFrameReader.ReadWhole(paths[s][2], blockDecoder: false));

            void WholeBlocks(int s) => builder.Build("s", positions[s].Ra, positions[s].Dec,
                SdssFrameReader.Read(paths[s][0]), SdssFrameReader.Read(paths[s][1]), SdssFrameReader.Read(paths[s][2]));

            void Window(int s)
            {
                (double, double)[] at = [positions[s]];
                builder.Build("s", positions[s].Ra, positions[s].Dec,
                    SdssFrameReader.ReadAround(paths[s][0], at), SdssFrameReader.ReadAround(paths[s][1], at), SdssFrameReader.ReadAround(paths[s][2], at));
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void DecodeSharpZipLib(string path)
    {
        using var input = new BZip2InputStream(new BufferedStream(File.OpenRead(path), 1 << 16));
        input.CopyTo(Stream.Null);
    }

    private static void DecodeBlocks(string path, int parallelism)
    {
        var index = Bzip2BlockIndex.TryBuild(path) ?? throw new InvalidOperationException($"{path}: not indexable");
        using var stream = new Bzip2BlockStream(index, parallelism);
        stream.CopyTo(Stream.Null);
    }
}
