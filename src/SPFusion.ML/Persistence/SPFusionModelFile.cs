using System.IO.Compression;
using ICSharpCode.SharpZipLib.Checksum;
using Microsoft.ML;
using Microsoft.ML.Data;
using SPFusion.Transforms;

namespace SPFusion.ML.Persistence;

/// <summary>
/// Loads an SPFusion model zip with errors a user can act on. <c>mlContext.Model.Load</c> reports a damaged zip, a broken
/// embedded ONNX graph or a foreign model as generic exceptions that do not name the file (e.g. "Failed to open a zip
/// archive"), and it does not check the zip's CRCs, so a flipped byte inside the stored ONNX weights loads silently
/// and predicts wrong values. This verifies every entry's CRC-32, registers the package's mappings, names the file and the
/// problem (diagnosing the embedded ONNX graph's inputs when ML.NET rejects it), and checks that the model scores
/// <c>PredictedMass</c>, <c>PredictedAge</c> and <c>Score</c>.
/// </summary>
public static class SPFusionModelFile
{
    private static readonly string[] RequiredOutputs = [SPFusionColumns.PredictedMass, SPFusionColumns.PredictedAge, SPFusionColumns.Score];

    /// <summary>Loads the model zip at <paramref name="path"/>; see <see cref="Load(MLContext, string, out DataViewSchema)"/>.</summary>
    /// <param name="mlContext">The context to load into.</param>
    /// <param name="path">The model zip written by <c>mlContext.Model.Save</c>.</param>
    public static ITransformer Load(MLContext mlContext, string path) => Load(mlContext, path, out _);

    /// <summary>Loads the model zip at <paramref name="path"/> and checks that it is an SPFusion model.</summary>
    /// <param name="mlContext">The context to load into; this package's assembly is registered with its component catalog.</param>
    /// <param name="path">The model zip written by <c>mlContext.Model.Save</c>.</param>
    /// <param name="inputSchema">The input schema saved with the model.</param>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <remarks>Dispose the returned chain when done: it deletes the OnnxTransformer's temporary copy of the graph.</remarks>
    /// <exception cref="InvalidDataException">
    /// The file is not a loadable model zip (truncated, corrupted, broken ONNX entry), the model does not accept its own
    /// saved input schema, or it lacks an SPFusion output column; the message names the file and the problem.
    /// </exception>
    public static ITransformer Load(MLContext mlContext, string path, out DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"SPFusion model file not found: {path}", path);
        VerifyChecksums(path);
        mlContext.ComponentCatalog.RegisterAssembly(typeof(SPFusionModelFile).Assembly);
        // Pipelines from raw files also hold the survey transforms' mappings.
        mlContext.ComponentCatalog.RegisterAssembly(typeof(SPFusion.Transforms.MLNet.SurveyTransformsCatalog).Assembly);

        ITransformer model;
        try
        {
            model = mlContext.Model.Load(path, out inputSchema);
        }
        catch (Exception ex) when (ex is not (OutOfMemoryException or UnauthorizedAccessException))
        {
            throw new InvalidDataException($"{path}: not a loadable SPFusion model zip: {DiagnoseOnnx(path) ?? Describe(ex)}", ex);
        }

        try
        {
            CheckOutputs(path, model, inputSchema);
        }
        catch
        {
            // A refused model still holds the OnnxTransformer's temporary copy of its graph.
            (model as IDisposable)?.Dispose();
            throw;
        }
        return model;
    }

    private static void CheckOutputs(string path, ITransformer model, DataViewSchema inputSchema)
    {
        DataViewSchema outputSchema;
        try
        {
            outputSchema = model.GetOutputSchema(inputSchema);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new InvalidDataException(
                $"{path}: the model does not accept its own saved input schema: {DiagnoseOnnx(path) ?? Describe(ex)}", ex);
        }

        foreach (string name in RequiredOutputs)
        {
            var column = outputSchema.GetColumnOrNull(name);
            if (column is null)
            {
                throw new InvalidDataException(
                    $"{path}: not an SPFusion model: output column '{name}' is missing (it outputs {string.Join(", ", outputSchema.Select(c => c.Name))})");
            }
            if (column.Value.Type != NumberDataViewType.Single)
                throw new InvalidDataException($"{path}: not an SPFusion model: output column '{name}' is {column.Value.Type}, expected Single");
        }
    }

    // ML.NET reads entries without checking their CRC-32; a damaged zip is reported here, naming the entry.
    private static void VerifyChecksums(string path)
    {
        try
        {
            using var archive = ZipFile.OpenRead(path);
            var buffer = new byte[1 << 16];
            foreach (var entry in archive.Entries)
            {
                var crc = new Crc32();
                using var stream = entry.Open();
                for (int n; (n = stream.Read(buffer)) > 0;) crc.Update(new ArraySegment<byte>(buffer, 0, n));
                if ((uint)crc.Value != entry.Crc32)
                {
                    throw new InvalidDataException(
                        $"{path}: corrupted model zip: entry '{entry.FullName}' has CRC-32 {crc.Value:X8} but the zip records {entry.Crc32:X8}");
                }
            }
        }
        catch (InvalidDataException ex) when (!ex.Message.StartsWith(path, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{path}: not a loadable SPFusion model zip: {Describe(ex)}", ex);
        }
    }

    // The OnnxTransformer's own errors are generic ("One of the identified items was in an invalid format"); checking the
    // embedded graph against SPFusion's inputs and outputs says what is actually wrong. Null when there is no ONNX entry
    // or it looks right.
    private static string? DiagnoseOnnx(string path)
    {
        try
        {
            using var archive = ZipFile.OpenRead(path);
            var entry = archive.Entries.FirstOrDefault(e => e.FullName.EndsWith("/OnnxModel", StringComparison.Ordinal));
            if (entry is null) return null;
            // ML.NET stores the graph behind an Int32 length; a bare graph (prefix missing) is still worth diagnosing.
            byte[] stored = ModelZipOnnxGraph.ReadAll(entry);
            OnnxModelLayout.Inspect(ModelZipOnnxGraph.StripLengthPrefix(stored) ?? stored, $"embedded ONNX graph '{entry.FullName}'");
            return null;
        }
        catch (InvalidDataException ex)
        {
            return ex.Message;
        }
    }

    // ML.NET wraps the real cause (bad zip header, ONNX parse error) in generic outer exceptions; keep every distinct message.
    private static string Describe(Exception ex)
    {
        var messages = new List<string>();
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            string m = e.Message.ReplaceLineEndings(" ").Trim();
            if (m.Length > 0 && !messages.Any(x => x.Contains(m, StringComparison.Ordinal))) messages.Add(m);
        }
        return string.Join(": ", messages);
    }
}
