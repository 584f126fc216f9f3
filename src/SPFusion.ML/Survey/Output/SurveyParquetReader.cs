using Parquet;
using Parquet.Schema;

namespace SPFusion.ML.Survey.Output;

/// <summary>
/// Reads a survey Parquet table (columns found by name and type), one row group in memory at a time. Errors name the
/// file, the row (counted from 0 across row groups) and the column.
/// </summary>
internal sealed class SurveyParquetReader : ISurveyTableReader
{
    private readonly Stream _stream;
    private readonly ParquetReader _reader;
    private readonly DataField _obsId, _mass, _age, _status, _model, _message, _line;
    private readonly DataField? _massSigma, _ageSigma;
    private int _group = -1;
    private long _firstRowOfGroup;
    private int _inGroup;
    private string?[] _obsIds = [], _statuses = [], _models = [], _messages = [];
    private float?[] _masses = [], _ages = [], _massSigmas = [], _ageSigmas = [];
    private int[] _lines = [];

    public SurveyParquetReader(string path)
    {
        Path = path;
        _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        try
        {
            _reader = ParquetReader.CreateAsync(_stream, leaveStreamOpen: true).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _stream.Dispose();
            throw new InvalidDataException($"{path}: not a readable Parquet file ({ex.Message})", ex);
        }
        _obsId = Field(SurveyColumns.ObsId, typeof(string));
        _mass = Field(SurveyColumns.Mass, typeof(float));
        _age = Field(SurveyColumns.Age, typeof(float));
        _status = Field(SurveyColumns.Status, typeof(string));
        _model = Field(SurveyColumns.Model, typeof(string));
        _message = Field(SurveyColumns.Message, typeof(string));
        _line = Field(SurveyColumns.CatalogLine, typeof(int));
        // The sigma columns come in pairs: one without the other is a damaged or foreign table.
        HasSigma = _reader.Schema.DataFields.Any(f => f.Name is SurveyColumns.MassSigma or SurveyColumns.AgeSigma);
        if (HasSigma)
        {
            _massSigma = Field(SurveyColumns.MassSigma, typeof(float));
            _ageSigma = Field(SurveyColumns.AgeSigma, typeof(float));
        }
    }

    public string Path { get; }

    public bool HasSigma { get; }

    private DataField Field(string name, Type type)
    {
        var field = _reader.Schema.DataFields.FirstOrDefault(f => f.Name == name);
        if (field is null)
        {
            Dispose();
            throw new InvalidDataException($"{Path}: no column '{name}'; a survey table has {string.Join(", ", SurveyColumns.All)} (found {string.Join(", ", _reader.Schema.DataFields.Select(f => f.Name))})");
        }
        // Parquet.Net reports UTF-8 string columns as ReadOnlyMemory<char>; they are read as strings.
        bool matches = field.ClrType == type || (type == typeof(string) && field.ClrType == typeof(ReadOnlyMemory<char>));
        if (!matches || field.IsArray)
        {
            Dispose();
            throw new InvalidDataException($"{Path}, column '{name}': holds {(field.ClrType == typeof(ReadOnlyMemory<char>) ? "String" : field.ClrType.Name)}{(field.IsArray ? "[]" : "")}, a survey table holds {type.Name}");
        }
        return field;
    }

    public SurveyEstimate? Read()
    {
        while (_inGroup == _lines.Length)
        {
            if (_group + 1 >= _reader.RowGroupCount) return null;
            _firstRowOfGroup += _lines.Length;
            _group++;
            LoadGroup();
        }
        int i = _inGroup++;
        string where = $"{Path}, row {_firstRowOfGroup + i}";
        if (_lines[i] < 1) throw new InvalidDataException($"{where}, column '{SurveyColumns.CatalogLine}': {_lines[i]} is not a positive catalogue line number");
        var status = SurveyStatusText.Parse(Required(_statuses[i], where, SurveyColumns.Status), $"{where}, column '{SurveyColumns.Status}'");
        return new SurveyEstimate(
            _lines[i],
            Required(_obsIds[i], where, SurveyColumns.ObsId),
            SurveyFieldParser.Checked(_masses[i], where, SurveyColumns.Mass),
            SurveyFieldParser.Checked(_ages[i], where, SurveyColumns.Age),
            status,
            Required(_models[i], where, SurveyColumns.Model),
            Required(_messages[i], where, SurveyColumns.Message))
        {
            MassSigma = HasSigma ? SurveyFieldParser.CheckedSigma(_massSigmas[i], where, SurveyColumns.MassSigma) : null,
            AgeSigma = HasSigma ? SurveyFieldParser.CheckedSigma(_ageSigmas[i], where, SurveyColumns.AgeSigma) : null,
        };
    }

    private static string Required(string? text, string where, string column) =>
        text ?? throw new InvalidDataException($"{where}, column '{column}': null; a survey table writes empty text, never null");

    private void LoadGroup()
    {
        try
        {
            LoadGroupAsync().GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is not (InvalidDataException or OutOfMemoryException))
        {
            throw new InvalidDataException($"{Path}, row group {_group}: cannot be read ({ex.Message})", ex);
        }
        _inGroup = 0;
    }

    private async Task LoadGroupAsync()
    {
        using var group = _reader.OpenRowGroupReader(_group);
        int n = checked((int)group.RowCount);
        _obsIds = new string?[n];
        _masses = new float?[n];
        _ages = new float?[n];
        _statuses = new string?[n];
        _models = new string?[n];
        _messages = new string?[n];
        _lines = new int[n];
        await group.ReadAsync(_obsId, _obsIds.AsMemory()!).ConfigureAwait(false);
        await group.ReadAsync<float>(_mass, _masses.AsMemory()).ConfigureAwait(false);
        await group.ReadAsync<float>(_age, _ages.AsMemory()).ConfigureAwait(false);
        if (_massSigma is not null && _ageSigma is not null)
        {
            _massSigmas = new float?[n];
            _ageSigmas = new float?[n];
            await group.ReadAsync<float>(_massSigma, _massSigmas.AsMemory()).ConfigureAwait(false);
            await group.ReadAsync<float>(_ageSigma, _ageSigmas.AsMemory()).ConfigureAwait(false);
        }
        await group.ReadAsync(_status, _statuses.AsMemory()!).ConfigureAwait(false);
        await group.ReadAsync(_model, _models.AsMemory()!).ConfigureAwait(false);
        await group.ReadAsync(_message, _messages.AsMemory()!).ConfigureAwait(false);
        await group.ReadAsync<int>(_line, _lines.AsMemory()).ConfigureAwait(false);
    }

    public void Dispose()
    {
        _reader?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _stream.Dispose();
    }
}
