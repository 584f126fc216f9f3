using Parquet;
using Parquet.Schema;

namespace SPFusion.ML.Survey.Output;

/// <summary>
/// The survey table as Parquet (Parquet.Net): obsid, status, model and message as UTF-8 strings, mass and age as
/// nullable float (null for no estimate; mass_sigma and age_sigma alike after them for a model with an uncertainty), catalog_line as int32, in row groups of <see cref="RowGroupRows"/> rows (memory
/// bounded by one group, not by the table), with key-value metadata naming the model files, their SHA-256, the package
/// version, the date and the units.
/// </summary>
internal sealed class SurveyParquetWriter : ISurveyTableWriter
{
    public const int RowGroupRows = 65_536;

    public static DataField<string> ObsIdField { get; } = new(SurveyColumns.ObsId, nullable: false);
    public static DataField<float?> MassField { get; } = new(SurveyColumns.Mass);
    public static DataField<float?> AgeField { get; } = new(SurveyColumns.Age);
    public static DataField<float?> MassSigmaField { get; } = new(SurveyColumns.MassSigma);
    public static DataField<float?> AgeSigmaField { get; } = new(SurveyColumns.AgeSigma);
    public static DataField<string> StatusField { get; } = new(SurveyColumns.Status, nullable: false);
    public static DataField<string> ModelField { get; } = new(SurveyColumns.Model, nullable: false);
    public static DataField<string> MessageField { get; } = new(SurveyColumns.Message, nullable: false);
    public static DataField<int> LineField { get; } = new(SurveyColumns.CatalogLine);

    private readonly ParquetWriter _writer;
    private readonly List<SurveyEstimate> _buffer = new(RowGroupRows);
    private readonly bool _sigma;
    private bool _complete;
    private int _groups;

    public SurveyParquetWriter(Stream stream, SurveyTableMetadata metadata, bool sigma = false)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        _sigma = sigma;
        var schema = sigma
            ? new ParquetSchema(ObsIdField, MassField, AgeField, MassSigmaField, AgeSigmaField, StatusField, ModelField, MessageField, LineField)
            : new ParquetSchema(ObsIdField, MassField, AgeField, StatusField, ModelField, MessageField, LineField);
        _writer = ParquetWriter.CreateAsync(schema, stream).GetAwaiter().GetResult();
        var custom = Metadata(metadata);
        if (sigma)
        {
            custom["spfusion.unit.mass_sigma"] = SurveyColumns.MassUnit;
            custom["spfusion.unit.age_sigma"] = SurveyColumns.AgeUnit;
        }
        _writer.CustomMetadata = custom;
    }

    /// <summary>The key-value metadata (keys prefixed <c>spfusion.</c>).</summary>
    public static Dictionary<string, string> Metadata(SurveyTableMetadata m)
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["spfusion.model"] = m.ModelFile,
            ["spfusion.model_sha256"] = m.ModelSha256,
        };
        if (m.FallbackModelFile is not null) d["spfusion.fallback_model"] = m.FallbackModelFile;
        if (m.FallbackModelSha256 is not null) d["spfusion.fallback_model_sha256"] = m.FallbackModelSha256;
        d["spfusion.version"] = m.PackageVersion;
        d["spfusion.date"] = m.Created.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        d["spfusion.unit.mass"] = SurveyColumns.MassUnit;
        d["spfusion.unit.age"] = SurveyColumns.AgeUnit;
        return d;
    }

    public void Write(SurveyEstimate row)
    {
        if (_complete) throw new InvalidOperationException("the table is complete");
        SurveyEstimateCheck.Validate(row);
        if (!_sigma && (row.MassSigma is not null || row.AgeSigma is not null))
            throw new ArgumentException($"catalogue line {row.Line}: the row has sigmas but the table was started without the sigma columns");
        _buffer.Add(row);
        if (_buffer.Count == RowGroupRows) Flush();
    }

    private void Flush()
    {
        // Parquet.Net is asynchronous only; the table is written by one thread, which waits for each group.
        WriteGroup().GetAwaiter().GetResult();
        _buffer.Clear();
        _groups++;
    }

    private async Task WriteGroup()
    {
        using var group = _writer.CreateRowGroup();
        await group.WriteAsync(ObsIdField, _buffer.Select(r => r.ObsId).ToArray()).ConfigureAwait(false);
        await group.WriteAsync<float>(MassField, _buffer.Select(r => r.Mass).ToArray()).ConfigureAwait(false);
        await group.WriteAsync<float>(AgeField, _buffer.Select(r => r.Age).ToArray()).ConfigureAwait(false);
        if (_sigma)
        {
            await group.WriteAsync<float>(MassSigmaField, _buffer.Select(r => r.MassSigma).ToArray()).ConfigureAwait(false);
            await group.WriteAsync<float>(AgeSigmaField, _buffer.Select(r => r.AgeSigma).ToArray()).ConfigureAwait(false);
        }
        await group.WriteAsync(StatusField, _buffer.Select(r => SurveyStatusText.Of(r.Status)).ToArray()).ConfigureAwait(false);
        await group.WriteAsync(ModelField, _buffer.Select(r => r.Model).ToArray()).ConfigureAwait(false);
        await group.WriteAsync(MessageField, _buffer.Select(r => r.Message).ToArray()).ConfigureAwait(false);
        await group.WriteAsync<int>(LineField, _buffer.Select(r => r.Line).ToArray()).ConfigureAwait(false);
        group.CompleteValidate();
    }

    public void Complete()
    {
        if (_complete) return;
        // An empty table still gets one (empty) row group, so every reader sees the schema with zero rows.
        if (_buffer.Count > 0 || _groups == 0) Flush();
        _complete = true;
        _writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        if (_complete) return;
        _complete = true;
        try
        {
            _writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or ArgumentException)
        {
            // Disposed without Complete: the table is abandoned (its atomic write discards the file), and the error
            // that abandoned it is the one to report, not the footer's.
        }
    }
}
