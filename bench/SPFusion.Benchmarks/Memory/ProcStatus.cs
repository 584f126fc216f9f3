namespace SPFusion.Benchmarks.Memory;

/// <summary>Reads this process's peak resident set size (VmHWM) from /proc/self/status (Linux only).</summary>
internal static class ProcStatus
{
    public static long PeakResidentKilobytes()
    {
        const string path = "/proc/self/status";
        if (!File.Exists(path)) throw new PlatformNotSupportedException("peak memory needs /proc/self/status (Linux)");
        foreach (var line in File.ReadLines(path))
        {
            if (!line.StartsWith("VmHWM:", StringComparison.Ordinal)) continue;
            var parts = line["VmHWM:".Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
        }

        throw new InvalidDataException($"{path} has no VmHWM line");
    }
}
