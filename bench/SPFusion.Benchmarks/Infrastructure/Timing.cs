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

    public static void Log(string message) => Console.Error.WriteLine($"[bench {DateTime.Now:HH:mm:ss}] {message}");
}
