using Microsoft.ML;
using Microsoft.ML.Data;
using SPFusion.Transforms;
using SPFusion.Transforms.Datasets;

namespace SPFusion.ML.Persistence;

/// <summary>An SPFusion ONNX graph saved as a model zip (the package's built-in chain), and a model file's graph read back.</summary>
internal static class OnnxModelZip
{
    /// <summary>
    /// Composes the graph's chain (<see cref="OnnxPipelineComposer"/>) and saves it as a model zip, atomically. The chain is
    /// fitted on <paramref name="input"/> (no rows are read) and its schema saved as the model's input schema (the training
    /// data's, so the zip looks like a trained one); null: a schema of just the input columns the graph reads.
    /// </summary>
    public static void Save(MLContext mlContext, byte[] onnx, string zipPath, SPFusionModelOptions? options, IDataView? input)
    {
        options ??= new SPFusionModelOptions();
        var layout = OnnxModelLayout.Inspect(onnx, zipPath);
        input ??= EmptyInput(mlContext, options, layout);
        string modelFile = TemporaryModelFiles.Write(onnx);
        try
        {
            var chain = OnnxPipelineComposer.Compose(mlContext, onnx, zipPath, options, modelFile).Fit(input);
            try
            {
                AtomicFile.Write(zipPath, stream => mlContext.Model.Save(chain, input.Schema, stream));
            }
            finally
            {
                (chain as IDisposable)?.Dispose();
            }
        }
        finally
        {
            TemporaryModelFiles.Delete(modelFile);
        }
    }

    /// <summary>The ONNX graph of a model zip or the bytes of an ONNX file; <paramref name="what"/> names it in errors.</summary>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    public static byte[] ReadGraph(string path, string what)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{what} not found: {path}", path);
        // A zip starts with its local-file signature "PK"; anything else is taken for an ONNX file.
        using (var stream = File.OpenRead(path))
        {
            if (stream.ReadByte() == 'P' && stream.ReadByte() == 'K') return ModelZipOnnxGraph.Read(path);
        }
        return File.ReadAllBytes(path);
    }

    private static IDataView EmptyInput(MLContext mlContext, SPFusionModelOptions options, OnnxModelLayout layout)
    {
        var definition = SchemaDefinition.Create(typeof(InputRow));
        definition[nameof(InputRow.Spectrum)].ColumnName = options.SpectrumColumn;
        definition[nameof(InputRow.Photometry)].ColumnName = options.PhotometryColumn;
        if (!layout.HasSpectrumInput) definition.Remove(definition[nameof(InputRow.Spectrum)]);
        if (!layout.HasPhotometricInput) definition.Remove(definition[nameof(InputRow.Photometry)]);
        return mlContext.Data.LoadFromEnumerable(Array.Empty<InputRow>(), definition);
    }

    private sealed class InputRow
    {
        [VectorType(SPFusionShapes.SpectrumLength)]
        public float[] Spectrum { get; set; } = [];

        [VectorType(SPFusionShapes.PhotometryLength)]
        public float[] Photometry { get; set; } = [];
    }
}
