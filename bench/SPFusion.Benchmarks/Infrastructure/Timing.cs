using System.Diagnostics;

namespace SPFusion.Benchmarks.Infrastructure;

/// <summary>Wall-clock helpers: warm up, then time a fixed number of repetitions as one span (like the Python reference).</summary>
internal static class Timing
{
    /// <summary>Seconds for <paramref name="runs"/> calls of <paramref name="action"/> after <paramref name="warmup"/> untimed calls.</summary>
    public static double Seconds(Action action, int warmup, int runs)
    {
        for (int i = 0; i < warmup; i++) action();
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < runs; i++) action();
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    /// <summary>Median of single timed calls (for long single operations such as decoding a frame).</summary>
    public static double MedianSeconds(Action action, int warmup, int runs)
    {
        for (int i = 0; i < warmup; i++) action();
        var times = new double[runs];
        for (int i = 0; i < runs; i++)
        {
            long start = Stopwatch.GetTimestamp();
            action();
            times[i] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }

        Array.Sort(times);
        return runs % 2 == 1 ? times[runs / 2] : (times[(runs / 2) - 1] + times[runs / 2]) / 2;
    }

    /// <summary>
    /// Wall seconds and this process's CPU seconds (user + system) for <paramref name="runs"/> calls; on a shared,
    /// overloaded machine the CPU time shows what a single-threaded job costs when it does get a core.
    /// </summary>
    public static (double Wall, double Cpu) WallAndCpuSeconds(Action action, int warmup, int runs)
    {
        for (int i = 0; i < warmup; i++) action();
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < runs; i++) action();
        double wall = Stopwatch.GetElapsedTime(start).TotalSeconds;
        process.Refresh();
        return (wall, (process.TotalProcessorTime - cpuBefore).TotalSeconds);
    }

    public static void Log(string message) => Console.Error.WriteLine($"[bench {DateTime.Now:HH:mm:ss}] {message}");
}
