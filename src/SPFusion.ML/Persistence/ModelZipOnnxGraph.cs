using System.Buffers.Binary;
using System.IO.Compression;

namespace SPFusion.ML.Persistence;

/// <summary>
/// Reads the ONNX graph that ML.NET's <c>OnnxTransformer</c> stored in a model zip, so the same graph can be run by ONNX
/// Runtime directly (in batches) without ML.NET's row-at-a-time mapper. ML.NET writes it as an entry named
/// <c>.../OnnxModel</c> holding a little-endian Int32 length followed by the ONNX bytes.
/// </summary>
internal static class ModelZipOnnxGraph
{
    /// <summary>Returns the ONNX bytes of the one OnnxTransformer in the model zip at <paramref name="path"/>.</summary>
    /// <param name="path">A model zip written by <c>mlContext.Model.Save</c>.</param>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">
    /// Not a zip, no or several ONNX entries, or an entry whose length prefix does not match its size; the message names
    /// the file and the entry.
    /// </exception>
    public static byte[] Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"model zip not found: {path}", path);
        ZipArchive archive;
        try
        {
            archive = ZipFile.OpenRead(path);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"{path}: not a model zip: {ex.Message}", ex);
        }

        using (archive)
        {
            var entries = archive.Entries.Where(e => e.FullName.EndsWith("/OnnxModel", StringComparison.Ordinal)).ToList();
            if (entries.Count != 1)
            {
                throw new InvalidDataException(entries.Count == 0
                    ? $"{path}: the model zip holds no ONNX graph (no OnnxTransformer entry '.../OnnxModel')"
                    : $"{path}: the model zip holds {entries.Count} ONNX graphs ({string.Join(", ", entries.Select(e => e.FullName))}); expected one");
            }
            return ReadEntry(entries[0], path);
        }
    }

    /// <summary>Strips ML.NET's length prefix from an <c>OnnxModel</c> entry.</summary>
    internal static byte[] ReadEntry(ZipArchiveEntry entry, string path) =>
        StripLengthPrefix(ReadAll(entry)) ?? throw new InvalidDataException(
            $"{path}: entry '{entry.FullName}' is not an ML.NET ONNX entry (its Int32 length prefix does not match its {entry.Length} bytes)");

    /// <summary>The entry's bytes as stored, prefix included.</summary>
    internal static byte[] ReadAll(ZipArchiveEntry entry)
    {
        using var buffer = new MemoryStream();
        using (var stream = entry.Open()) stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>The ONNX bytes after ML.NET's Int32 length prefix, or null when the prefix does not match.</summary>
    internal static byte[]? StripLengthPrefix(byte[] stored) =>
        stored.Length >= sizeof(int) && BinaryPrimitives.ReadInt32LittleEndian(stored) == stored.Length - sizeof(int)
            ? stored[sizeof(int)..]
            : null;
}
