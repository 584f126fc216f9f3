using System.Globalization;
using System.Text;

namespace SPFusion.Transforms.Datasets;

/// <summary>
/// Writes a file so that readers (and the user) only ever see the previous complete file or the new complete one:
/// the content goes to a uniquely named temporary file in the target's folder, is flushed to disk, and is renamed over
/// the target only when the writer finished without an exception. A failed writer deletes its temporary file; a killed
/// one leaves at most a hidden <c>.NAME.*.partial</c> file beside an untouched target. Two writers of one path each
/// rename a complete file of their own, so the last one wins whole, never a mixture.
/// </summary>
public static class AtomicFile
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes <paramref name="path"/> through a stream.</summary>
    /// <exception cref="IOException">The folder is missing or not writable, or the write failed; the target is unchanged.</exception>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        WriteVia(path, temp =>
        {
            using var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            write(stream);
        });
    }

    /// <summary>Writes <paramref name="path"/> as UTF-8 text (no byte-order mark).</summary>
    /// <exception cref="IOException">The folder is missing or not writable, or the write failed; the target is unchanged.</exception>
    public static void WriteText(string path, Action<TextWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, Utf8, bufferSize: 65536, leaveOpen: true);
            write(writer);
        });
    }

    /// <summary>
    /// Writes <paramref name="path"/> with an API that only takes a file name (ML.NET's and ONNX's savers):
    /// <paramref name="writeToPath"/> receives the temporary file's path, which keeps the target's extension.
    /// </summary>
    /// <exception cref="IOException">The folder is missing or not writable, or the write failed; the target is unchanged.</exception>
    public static void WriteVia(string path, Action<string> writeToPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(writeToPath);
        string full = Path.GetFullPath(path);
        string temp = TemporaryPathFor(full);
        try
        {
            writeToPath(temp);
            // rename(2) makes the name point at the new data, but only fsync makes the data itself survive a crash.
            using (var flush = new FileStream(temp, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
                flush.Flush(flushToDisk: true);
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>
    /// A fresh temporary name for <paramref name="fullPath"/>: in the target's own folder (a rename across file systems would be a copy, not atomic); hidden and
    /// marked partial so a leftover of a killed process is recognisable, and keeping the extension for savers that look at it.
    /// </summary>
    public static string TemporaryPathFor(string fullPath)
    {
        string folder = Path.GetDirectoryName(fullPath) ?? throw new IOException($"{fullPath}: not a file path");
        string name = Path.GetFileNameWithoutExtension(fullPath);
        string unique = string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId}-{Guid.NewGuid():N}");
        return Path.Combine(folder, $".{name}.{unique}.partial{Path.GetExtension(fullPath)}");
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // The original error matters more; a leftover .partial file is harmless and recognisable.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
