using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using SPFusion.Benchmarks.Data;
using SPFusion.Benchmarks.Infrastructure;
using SPFusion.ML.MLNet;
using SPFusion.ML.Training;

namespace SPFusion.Benchmarks.Memory;

/// <summary>
/// Peak resident memory (VmHWM) of one process that writes N synthetic stars to a file, streams them through the
/// trainer (MaxEpochs 1, ValidationFraction 0.3, row cache under the scratch folder), i.e. the trainer's full caching
/// pass over all N stars, and then trains for a fixed wall-clock window before cancelling (a full epoch of 14,000
/// stars takes far too long on a loaded 2-core machine). Training memory does not depend on N; the caching pass is
/// where N could show.
/// </summary>
internal static class MemoryBench
{
    public static IReadOnlyList<Metric> Run(BenchContext context)
    {
        int stars = int.Parse(context.Argument ?? throw new ArgumentException("memory needs a star count"), CultureInfo.InvariantCulture);
        int windowSeconds = context.Quick ? 5 : 20;
        string directory = Path.Combine(context.WorkDirectory, $"memory-{stars}");
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, "stars.bin");
        try
        {
            var clock = Stopwatch.StartNew();
            SyntheticStarFile.Write(path, stars, seed: 11);
            Timing.Log($"wrote {stars} synthetic stars ({new FileInfo(path).Length / 1e9:0.00} GB) in {clock.Elapsed.TotalSeconds:0.0} s");
            long afterWrite = ProcStatus.PeakResidentKilobytes();

            using var cancel = new CancellationTokenSource();
            long afterCache = 0;
            double cacheSeconds = 0;
            clock.Restart();
            var view = new StarFileDataView(path, stars)
            {
                CursorExhausted = () =>
                {
                    afterCache = ProcStatus.PeakResidentKilobytes();
                    cacheSeconds = clock.Elapsed.TotalSeconds;
                    Timing.Log($"caching pass over {stars} stars done in {cacheSeconds:0.0} s; training for {windowSeconds} s");
                    cancel.CancelAfter(TimeSpan.FromSeconds(windowSeconds));
                },
            };
            var ml = new MLContext(seed: 1);
            var options = new SPFusionTrainer.Options
            {
                MaxEpochs = 1,
                ValidationFraction = 0.3,
                NumberOfThreads = BenchContext.Threads,
                Device = TrainingDevice.Cpu,
                CacheDirectory = directory,
            };
            bool epochCompleted;
            try
            {
                NativeAllocatorTuning.ApplyForTraining(); // opt-in (the library leaves the allocator alone), as the CLI does
                ml.Regression.Trainers.SPFusion(ml, options, cancellationToken: cancel.Token).Fit(view);
                epochCompleted = true;
            }
            catch (OperationCanceledException)
            {
                epochCompleted = false;
            }

            long peak = ProcStatus.PeakResidentKilobytes();
            string what = epochCompleted
                ? $"the whole epoch (and the ONNX export) finished inside the {windowSeconds} s window"
                : $"cancelled {windowSeconds} s into the epoch";
            return
            [
                new Metric($"memory.peak.{stars}", peak, "kB",
                    $"VmHWM of a fresh process: write {stars} synthetic stars to disk, trainer caching pass over all of them ({cacheSeconds:0} s), " +
                    $"then training steps (batch 32, 2 threads; {what})"),
                new Metric($"memory.cachepass.{stars}", afterCache, "kB", $"VmHWM right after the trainer's caching pass over {stars} stars"),
                new Metric($"memory.afterwrite.{stars}", afterWrite, "kB", "VmHWM after writing the synthetic file (process baseline)"),
            ];
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
