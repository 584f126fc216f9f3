using System.Diagnostics;
using SPFusion.Transforms.Fits;

namespace SPFusion.Tests.Reliability;

/// <summary>Reads a FITS file the way a user would when nothing may go unread: every HDU, every image and every table cell.</summary>
internal static class FitsFullRead
{
    /// <summary>How one guarded read ended.</summary>
    public sealed record Outcome(Exception? Error, TimeSpan Elapsed, long AllocatedBytes, bool Finished);

    public static void ReadAll(string path)
    {
        using var file = FitsFile.Open(path);
        foreach (var hdu in file.Hdus)
        {
            switch (hdu)
            {
                case ImageHdu image when image.HasData:
                    _ = image.ReadFloat64();
                    _ = image.ReadFloat32();
                    _ = image.ReadRaw();
                    break;
                case BinaryTableHdu table:
                    ReadTable(table);
                    break;
            }
        }
    }

    private static void ReadTable(BinaryTableHdu table)
    {
        // The row API is int-indexed; a table the reader accepted must be addressable by it.
        int rows = checked((int)table.RowCount);
        foreach (var c in table.Columns.Where(c => c.IsSupported))
        {
            for (int r = 0; r < rows; r++)
            {
                switch (c.TypeCode)
                {
                    case 'A': _ = table.ReadString(r, c.Name); break;
                    case 'L' or 'X': _ = table.ReadBool(r, c.Name); break;
                    default:
                        _ = table.ReadFloat64(r, c.Name);
                        _ = table.ReadFloat32(r, c.Name);
                        if (c.IsInteger && c.Scale == 1.0 && c.Zero == Math.Round(c.Zero)) ReadIntegers(table, r, c);
                        break;
                }
            }
            if (c.TypeCode is not ('A' or 'L' or 'X')) _ = table.ReadColumnFloat64(c.Name);
        }
    }

    // TNULL elements are a documented FitsFormatException for integer reads; anything else must come back as values.
    private static void ReadIntegers(BinaryTableHdu table, int row, FitsColumn c) => _ = table.ReadInt64(row, c.Name);

    /// <summary>
    /// Runs <paramref name="read"/> on a worker thread, measuring its time and its own thread's allocations there; a read
    /// that has not finished after <paramref name="hangLimit"/> is reported as unfinished instead of hanging the test run.
    /// </summary>
    public static Outcome Guarded(Action read, TimeSpan hangLimit)
    {
        var task = Task.Factory.StartNew(() =>
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            Exception? error = null;
            try
            {
                read();
            }
            catch (Exception ex)
            {
                error = ex;
            }
            return new Outcome(error, clock.Elapsed, GC.GetAllocatedBytesForCurrentThread() - before, true);
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        return task.Wait(hangLimit) ? task.Result : new Outcome(null, hangLimit, 0, false);
    }
}
