using System.Runtime.InteropServices;

namespace SPFusion.ML.Training;

/// <summary>
/// Keeps libtorch's large CPU buffers in the C heap between training steps. glibc serves every block above its mmap
/// threshold (at most 32 MB, and an activation of the photometric branch at batch 32 is 33.5 MB) with a fresh
/// <c>mmap</c> and returns it with <c>munmap</c>, so each step page-faults its whole working set in again; on the
/// build machine that was about a quarter of a CPU training step. Raising the mmap and trim thresholds lets freed
/// blocks be reused instead. Numerics are untouched. The setting is process-wide and only raises how much freed memory
/// the heap keeps (up to the thresholds). Opt-in: a library must not change its host's allocator, so the trainer never
/// calls this; an application that trains on the CPU calls <see cref="ApplyForTraining"/> once at start-up (the
/// <c>spfusion</c> CLI and the benchmark do).
/// </summary>
public static class NativeAllocatorTuning
{
    /// <summary>Blocks below this size come from the heap; freed memory below it at the heap top is kept (1 GiB).</summary>
    public const int ThresholdBytes = 1 << 30;

    private const int MallocTrimThreshold = -1;
    private const int MallocMmapThreshold = -3;
    private static int _state; // 0 not tried, 1 applied, 2 unavailable

    /// <summary>
    /// Applies the thresholds once per process on Linux with glibc; later calls return the first call's outcome.
    /// </summary>
    /// <returns>True when glibc accepted both settings; false on other platforms or C libraries.</returns>
    public static bool ApplyForTraining()
    {
        int state = Volatile.Read(ref _state);
        if (state != 0) return state == 1;
        bool applied = OperatingSystem.IsLinux() && TryMallopt();
        Interlocked.CompareExchange(ref _state, applied ? 1 : 2, 0);
        return Volatile.Read(ref _state) == 1;
    }

    private static bool TryMallopt()
    {
        try
        {
            return mallopt(MallocMmapThreshold, ThresholdBytes) == 1 && mallopt(MallocTrimThreshold, ThresholdBytes) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

#pragma warning disable IDE1006, SYSLIB1054 // libc's own name; a plain int call needs no source-generated marshalling
    [DllImport("libc", ExactSpelling = true)]
    private static extern int mallopt(int parameter, int value);
#pragma warning restore IDE1006, SYSLIB1054
}
