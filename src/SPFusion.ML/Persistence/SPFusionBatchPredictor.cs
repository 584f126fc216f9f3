using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using SPFusion.Transforms;

namespace SPFusion.ML.Persistence;

/// <summary>
/// Runs an SPFusion ONNX graph (e.g. the one inside a model zip) over an <see cref="IDataView"/> in batches through ONNX
/// Runtime. ML.NET's <c>OnnxTransformer</c> calls ONNX Runtime once per row, and its session options are not stored in
/// the zip (a loaded model gets those of the loading <c>MLContext</c>, see <c>SetOnnxSessionOption</c>); this reads the same graph and gives the same
/// <c>PredictedMass</c> and <c>PredictedAge</c> at batch throughput. Thread-safe for concurrent <c>Predict</c> calls.
/// </summary>
public sealed class SPFusionBatchPredictor : IDisposable
{
    private readonly SessionOptions _sessionOptions;
    private readonly InferenceSession _session;
    private readonly OnnxModelLayout _layout;
    private readonly SPFusionBatchOptions _options;

    /// <summary>Loads the graph from ONNX bytes.</summary>
    /// <param name="onnxModel">An SPFusion ONNX graph (this package's export or the authors' published file).</param>
    /// <param name="options">Columns, batch size and threads; defaults when null.</param>
    /// <param name="source">File or entry named in errors.</param>
    /// <exception cref="InvalidDataException">The bytes are not an SPFusion ONNX graph.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Batch size or thread count below 1.</exception>
    public SPFusionBatchPredictor(byte[] onnxModel, SPFusionBatchOptions? options = null, string source = "ONNX model")
    {
        ArgumentNullException.ThrowIfNull(onnxModel);
        _options = options ?? new SPFusionBatchOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.BatchSize, 1, nameof(SPFusionBatchOptions.BatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.IntraOpNumThreads, 1, nameof(SPFusionBatchOptions.IntraOpNumThreads));
        _layout = OnnxModelLayout.Inspect(onnxModel, source);
        _sessionOptions = OnnxSessionSettings.Create(_options.IntraOpNumThreads, _options.AllowSpinning);
        _session = OnnxSessionSettings.Open(onnxModel, _sessionOptions);
    }

    /// <summary>Loads the ONNX graph stored in a model zip written by <c>mlContext.Model.Save</c>.</summary>
    /// <param name="modelZipPath">The model zip (e.g. from <c>SPFusionTrainer</c> or <c>ApplySPFusionModel</c>).</param>
    /// <param name="options">Columns, batch size and threads; defaults when null.</param>
    /// <exception cref="FileNotFoundException">No file at <paramref name="modelZipPath"/>.</exception>
    /// <exception cref="InvalidDataException">The zip holds no readable SPFusion ONNX graph; the message names the file.</exception>
    public static SPFusionBatchPredictor FromModelZip(string modelZipPath, SPFusionBatchOptions? options = null) =>
        new(ModelZipOnnxGraph.Read(modelZipPath), options, modelZipPath);

    /// <summary>True when the graph takes the photometric input (SPFusion, ResNet10-T); false for spectrum-only models.</summary>
    public bool UsesPhotometry => _layout.HasPhotometricInput;

    /// <summary>True when the graph takes the spectrum (every model but the image-only ResNet10-T).</summary>
    public bool UsesSpectrum => _layout.HasSpectrumInput;

    /// <summary>
    /// True when the graph outputs an uncertainty (<c>prediction_sigma</c>, e.g. an ensemble): every prediction then carries
    /// <see cref="SPFusionPrediction.MassSigma"/> and <see cref="SPFusionPrediction.AgeSigma"/>; otherwise both are null.
    /// </summary>
    public bool HasUncertainty => _layout.SigmaOutput is not null;

    /// <summary>
    /// Predicts <paramref name="count"/> stars from prepared inputs laid out star after star, without an <see cref="IDataView"/>:
    /// <paramref name="spectra"/> holds count x 3,584 values, <paramref name="photometry"/> count x 3 x 128 x 128 (null for
    /// spectrum-only models; <paramref name="spectra"/> may be null for the image-only one). Runs in batches of
    /// <see cref="SPFusionBatchOptions.BatchSize"/>.
    /// </summary>
    /// <exception cref="ArgumentException">An array is shorter than <paramref name="count"/> stars, or an input the model takes is missing.</exception>
    public IReadOnlyList<SPFusionPrediction> Predict(float[]? spectra, float[]? photometry, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (_layout.HasSpectrumInput)
        {
            if (spectra is null) throw new ArgumentException("the model takes the spectrum; none was given", nameof(spectra));
            if (spectra.LongLength < (long)count * SPFusionShapes.SpectrumLength)
                throw new ArgumentException($"spectra hold {spectra.LongLength} values; {count} stars need {(long)count * SPFusionShapes.SpectrumLength}", nameof(spectra));
        }
        if (_layout.HasPhotometricInput)
        {
            if (photometry is null) throw new ArgumentException("the model takes photometry; none was given", nameof(photometry));
            if (photometry.LongLength < (long)count * SPFusionShapes.PhotometryLength)
                throw new ArgumentException($"photometry holds {photometry.LongLength} values; {count} stars need {(long)count * SPFusionShapes.PhotometryLength}", nameof(photometry));
        }

        var predictions = new List<SPFusionPrediction>(count);
        for (int first = 0; first < count; first += _options.BatchSize)
        {
            int n = Math.Min(_options.BatchSize, count - first);
            var names = new List<string>(2);
            var values = new List<OrtValue>(2);
            try
            {
                if (_layout.HasSpectrumInput)
                {
                    names.Add(SPFusionOnnxNames.SpectrumInput);
                    values.Add(OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance,
                        spectra!.AsMemory(first * SPFusionShapes.SpectrumLength, n * SPFusionShapes.SpectrumLength), [n, 1, SPFusionShapes.SpectrumLength]));
                }
                if (_layout.HasPhotometricInput)
                {
                    names.Add(SPFusionOnnxNames.PhotometricInput);
                    values.Add(OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance,
                        photometry!.AsMemory(first * SPFusionShapes.PhotometryLength, n * SPFusionShapes.PhotometryLength),
                        [n, SPFusionShapes.Bands, SPFusionShapes.ImageSize, SPFusionShapes.ImageSize]));
                }
                Run(names, values, n, predictions);
            }
            finally
            {
                foreach (var v in values) v.Dispose();
            }
        }
        return predictions;
    }

    /// <summary>Predicts every row of <paramref name="input"/>, in row order.</summary>
    /// <param name="input">Rows with the columns the graph reads, named in the options: the spectrum (all models but the
    /// image-only ResNet10-T) and the photometry (SPFusion and ResNet10-T).</param>
    /// <exception cref="ArgumentException">A column is missing or not a float vector of the expected size; names the column.</exception>
    /// <exception cref="InvalidDataException">A row's vector has the wrong length; names the row and column.</exception>
    public IReadOnlyList<SPFusionPrediction> Predict(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        DataViewSchema.Column? spectrumColumn = _layout.HasSpectrumInput
            ? RequireColumn(input.Schema, _options.SpectrumColumn, SPFusionShapes.SpectrumLength)
            : null;
        DataViewSchema.Column? photometryColumn = _layout.HasPhotometricInput
            ? RequireColumn(input.Schema, _options.PhotometryColumn, SPFusionShapes.PhotometryLength)
            : null;

        var active = new[] { spectrumColumn, photometryColumn }.OfType<DataViewSchema.Column>().ToArray();
        using var cursor = input.GetRowCursor(active);
        var spectrumBatch = spectrumColumn is { } sc ? new BatchBuffer(cursor, sc, SPFusionShapes.SpectrumLength, _options.BatchSize) : null;
        var photometryBatch = photometryColumn is { } pc ? new BatchBuffer(cursor, pc, SPFusionShapes.PhotometryLength, _options.BatchSize) : null;

        var predictions = new List<SPFusionPrediction>();
        int filled = 0;
        while (cursor.MoveNext())
        {
            spectrumBatch?.Fill(filled, predictions.Count + filled);
            photometryBatch?.Fill(filled, predictions.Count + filled);
            if (++filled == _options.BatchSize)
            {
                RunBatch(spectrumBatch, photometryBatch, filled, predictions);
                filled = 0;
            }
        }
        if (filled > 0) RunBatch(spectrumBatch, photometryBatch, filled, predictions);
        return predictions;
    }

    private void RunBatch(BatchBuffer? spectrum, BatchBuffer? photometry, int count, List<SPFusionPrediction> predictions)
    {
        var names = new List<string>(2);
        var values = new List<OrtValue>(2);
        try
        {
            if (spectrum is not null)
            {
                names.Add(SPFusionOnnxNames.SpectrumInput);
                values.Add(spectrum.ToOrtValue(count, [count, 1, SPFusionShapes.SpectrumLength]));
            }
            if (photometry is not null)
            {
                names.Add(SPFusionOnnxNames.PhotometricInput);
                values.Add(photometry.ToOrtValue(count, [count, 3, SPFusionShapes.ImageSize, SPFusionShapes.ImageSize]));
            }
            Run(names, values, count, predictions);
        }
        finally
        {
            foreach (var v in values) v.Dispose();
        }
    }

    // On OnnxThread, where denormals are flushed without touching the caller's thread (see OnnxThread).
    private void Run(List<string> names, List<OrtValue> values, int count, List<SPFusionPrediction> predictions) =>
        predictions.AddRange(OnnxThread.Invoke(() =>
        {
            using var runOptions = new RunOptions();
            string[] outputs = _layout.SigmaOutput is { } sigmaOutput ? [_layout.PredictionOutput, sigmaOutput] : [_layout.PredictionOutput];
            using var results = _session.Run(runOptions, names, values, outputs);
            var prediction = Values(results[0].GetTensorDataAsSpan<float>(), outputs[0], count);
            var batch = new SPFusionPrediction[count];
            for (int i = 0; i < count; i++) batch[i] = new SPFusionPrediction(prediction[2 * i], prediction[(2 * i) + 1]);
            if (outputs.Length > 1)
            {
                var sigma = Values(results[1].GetTensorDataAsSpan<float>(), outputs[1], count);
                for (int i = 0; i < count; i++) batch[i] = batch[i] with { MassSigma = sigma[2 * i], AgeSigma = sigma[(2 * i) + 1] };
            }
            return batch;
        }));

    private static ReadOnlySpan<float> Values(ReadOnlySpan<float> output, string name, int count) =>
        output.Length == 2 * count
            ? output
            : throw new InvalidDataException($"ONNX output '{name}' holds {output.Length} values for {count} stars; expected {2 * count}");

    private static DataViewSchema.Column RequireColumn(DataViewSchema schema, string name, int size)
    {
        var column = schema.GetColumnOrNull(name)
            ?? throw new ArgumentException($"input column '{name}' is missing; expected a vector of {size} Single", nameof(schema));
        if (column.Type is not VectorDataViewType { ItemType: NumberDataViewType n } vector || n != NumberDataViewType.Single
            || (vector.Size != 0 && vector.Size != size))
        {
            throw new ArgumentException($"input column '{name}' is {column.Type}; expected a vector of {size} Single", nameof(schema));
        }
        return column;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _session.Dispose();
        _sessionOptions.Dispose();
    }

    /// <summary>One input's values for a batch, filled row by row from a cursor getter.</summary>
    private sealed class BatchBuffer(DataViewRowCursor cursor, DataViewSchema.Column column, int rowLength, int batchSize)
    {
        private readonly ValueGetter<VBuffer<float>> _getter = cursor.GetGetter<VBuffer<float>>(column);
        private readonly float[] _values = new float[rowLength * batchSize];
        private VBuffer<float> _row;

        public void Fill(int slot, long row)
        {
            _getter(ref _row);
            if (_row.Length != rowLength)
                throw new InvalidDataException($"row {row}: column '{column.Name}' holds {_row.Length} values; expected {rowLength}");
            _row.CopyTo(_values.AsSpan(slot * rowLength, rowLength));
        }

        public OrtValue ToOrtValue(int count, long[] shape) =>
            OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _values.AsMemory(0, count * rowLength), shape);
    }
}
