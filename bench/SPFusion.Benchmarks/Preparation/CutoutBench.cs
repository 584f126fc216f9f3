using SPFusion.Benchmarks.Infrastructure;
using SPFusion.Transforms.Fits;
using SPFusion.Transforms.Images;

namespace SPFusion.Benchmarks.Preparation;

/// <summary>
/// Aligned g/r/i cut-outs per second with the three frames of field 4510-4-30 already decoded: every calibObj star of
/// that field whose 128 x 128 cut-out lies inside all three frames, built with <see cref="StarCutoutBuilder"/>.
/// </summary>
internal static class CutoutBench
{
    public static IReadOnlyList<Metric> Run(BenchContext context)
    {
        var cache = new FrameCache(maxFrames: 3);
        var g = cache.Get(context.DataFile("sdss", "frame-g-004510-4-0030.fits.bz2"));
        var r = cache.Get(context.DataFile("sdss", "frame-r-004510-4-0030.fits.bz2"));
        var i = cache.Get(context.DataFile("sdss", "frame-i-004510-4-0030.fits.bz2"));
        var builder = new StarCutoutBuilder();

        // Untimed pass: keep the stars whose cut-out fits in all three frames (the default edge policy refuses the rest).
        var stars = new List<(string Name, double Ra, double Dec)>();
        int refused = 0;
        foreach (var star in FieldStars(context, 30))
        {
            try
            {
                builder.Build(star.Name, star.Ra, star.Dec, g, r, i);
                stars.Add(star);
            }
            catch (InvalidDataException)
            {
                refused++;
            }
        }

        if (stars.Count == 0) throw new InvalidOperationException("no catalogue star of field 30 has a cut-out inside the frames");
        int passes = context.Quick ? 1 : 3;
        float checksum = 0;
        var (seconds, cpu) = Timing.WallAndCpuSeconds(
            () =>
            {
                foreach (var s in stars)
                    checksum += builder.Build(s.Name, s.Ra, s.Dec, g, r, i).Normalised[8256];
            },
            warmup: 0,
            runs: passes);
        if (!float.IsFinite(checksum)) throw new InvalidOperationException("cut-outs hold non-finite values");
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = BenchContext.Threads };
        double parallelSeconds = Timing.Seconds(
            () => Parallel.ForEach(stars, parallel, s => _ = builder.Build(s.Name, s.Ra, s.Dec, g, r, i)), warmup: 0, runs: passes);
        return
        [
            new Metric("prep.cutouts", stars.Count * passes / seconds, "stars/s",
            $"{passes} passes over {stars.Count} calibObj stars of field 4510-4-30 ({refused} near an edge left out): StarCutoutBuilder.Build " +
            "(g copy, r and i bilinear through both WCS, min-max normalise), frames decoded beforehand, one thread, wall clock"),
            new Metric("prep.cutouts.parallel", stars.Count * passes / parallelSeconds, "stars/s",
                $"the same cut-outs with Parallel.ForEach over the stars (StarCutoutBuilder is thread-safe), {BenchContext.Threads} threads, wall clock"),
            new Metric("prep.cutouts.cpu", stars.Count * passes / cpu, "stars/CPU-s", "the same cut-outs per CPU second of this process (load-independent view of the single-thread cost)"),
        ];
    }

    private static List<(string Name, double Ra, double Dec)> FieldStars(BenchContext context, int field)
    {
        using var file = FitsFile.Open(context.DataFile("sdss", "calibObj-004510-4-star.fits.gz"));
        var table = file.GetTable(1);
        var stars = new List<(string, double, double)>();
        for (int row = 0; row < table.RowCount; row++)
        {
            if (table.ReadFloat64(row, "FIELD")[0] == field)
                stars.Add(($"calibObj row {row}", table.ReadFloat64(row, "RA")[0], table.ReadFloat64(row, "DEC")[0]));
        }

        return stars;
    }
}
