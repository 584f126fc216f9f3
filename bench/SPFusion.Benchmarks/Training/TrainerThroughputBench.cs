using Microsoft.ML;
using SPFusion.Benchmarks.Data;
using SPFusion.Benchmarks.Infrastructure;
using SPFusion.ML.MLNet;
using SPFusion.ML.Training;

namespace SPFusion.Benchmarks.Training;

/// <summary>
/// Training throughput through the package's trainer (<c>mlContext.Regression.Trainers.SPFusion</c>): synthetic stars
/// streamed from a file, two epochs; the second epoch's <see cref="EpochReport.SamplesPerSecond"/> is reported (the
/// first carries one-off warm-up). A one-star validation set keeps the per-epoch validation pass negligible.
/// </summary>
internal static class TrainerThroughputBench
{
    public static IReadOnlyList<Metric> Run(BenchContext context)
    {
        int stars = context.Quick ? 64 : 320;
        string path = Path.Combine(context.WorkDirectory, $"trainer-{stars}.stars");
        SyntheticStarFile.Write(path, stars, seed: 7);
        try
        {
            var reports = new List<EpochReport>();
            var ml = new MLContext(seed: 1);
            var options = new SPFusionTrainer.Options
            {
                MaxEpochs = 2,
                NumberOfThreads = BenchContext.Threads,
                Device = TrainingDevice.Cpu,
                CacheDirectory = context.WorkDirectory,
                ValidationData = new StarFileDataView(path, 1),
            };
            var progress = new SynchronousProgress(r =>
            {
                reports.Add(r);
                Timing.Log(r.ToString());
            });
            NativeAllocatorTuning.ApplyForTraining(); // opt-in (the library leaves the allocator alone), as the CLI does
            ml.Regression.Trainers.SPFusion(ml, options, progress).Fit(new StarFileDataView(path, stars));
            var last = reports[^1];
            return [new Metric("train.trainer", last.SamplesPerSecond, "samples/s",
                $"EpochReport.SamplesPerSecond of epoch {last.Epoch} of {last.MaxEpochs}: {stars} synthetic stars streamed from disk, batch {options.BatchSize}, " +
                $"{BenchContext.Threads} threads, includes batch loading from the row cache and a 1-star validation pass")];
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Progress&lt;T&gt; posts to the thread pool; the benchmark wants each report before Fit returns.</summary>
    private sealed class SynchronousProgress(Action<EpochReport> report) : IProgress<EpochReport>
    {
        public void Report(EpochReport value) => report(value);
    }
}
