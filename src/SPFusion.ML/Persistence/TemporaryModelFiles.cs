using System.Collections.Concurrent;

namespace SPFusion.ML.Persistence;

/// <summary>
/// ONNX graphs the package hands to ML.NET's OnnxTransformer, which only runs a model from a file. Given a stream,
/// OnnxTransformer copies it to a temporary file that nothing ever deletes (3.8 MB per trained model), so the package
/// writes the file itself: it is deleted when the model is disposed, and any still left at process exit then.
/// </summary>
internal static class TemporaryModelFiles
{
    private static readonly ConcurrentDictionary<string, byte> Live = new(StringComparer.Ordinal);

    static TemporaryModelFiles()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var path in Live.Keys) TryDelete(path);
        };
    }

    /// <summary>Writes the graph to a new file under the temporary folder and returns its path.</summary>
    public static string Write(byte[] onnxModel)
    {
        string path = Path.Combine(Path.GetTempPath(), $"spfusion-onnx-{Guid.NewGuid():N}.onnx");
        Live[path] = 0;
        File.WriteAllBytes(path, onnxModel);
        return path;
    }

    /// <summary>Deletes a file written by <see cref="Write"/> (once its model no longer runs).</summary>
    public static void Delete(string path)
    {
        if (Live.TryRemove(path, out _)) TryDelete(path);
    }

    /// <summary>Whether <paramref name="path"/> was written here and not yet deleted.</summary>
    public static bool IsLive(string path) => Live.ContainsKey(path);

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Still open elsewhere (Windows): nothing more to do at this point.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
