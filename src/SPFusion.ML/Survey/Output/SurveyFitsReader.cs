using System.Buffers.Binary;
using System.Text;
using SPFusion.Transforms.Fits;

namespace SPFusion.ML.Survey.Output;

/// <summary>
/// Reads a survey FITS table (the BINTABLE in extension 1 that <see cref="SurveyFitsWriter"/> writes; columns found by
/// name, so another writer's column order or extra columns are fine). The header is parsed by the package's
/// <see cref="FitsFile"/>; rows are then streamed from the data unit one at a time, so a table larger than memory (or
/// than the 2 GB one cached data unit can hold) is read in constant memory. Errors name the file, the row and the column.
/// </summary>
internal sealed class SurveyFitsReader : ISurveyTableReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);
    private readonly FileStream _stream;
    private readonly byte[] _row;
    private readonly long _rows;
    private readonly FitsColumn _obsId, _mass, _age, _status, _model, _message, _line;
    private readonly FitsColumn? _massSigma, _ageSigma;
    private long _next;

    public SurveyFitsReader(string path)
    {
        Path = path;
        long dataOffset;
        using (var file = FitsFile.Open(path))
        {
            if (file.Compression != FitsCompression.None)
                throw new InvalidDataException($"{path}: a survey table is read from an uncompressed FITS file, this one is {file.Compression}-compressed");
            if (file.Hdus.Count < 2 || file[1] is not BinaryTableHdu table)
                throw new InvalidDataException($"{path}: HDU 1 is not a binary table; a survey FITS file holds its estimates in a BINTABLE in extension 1");
            _obsId = Column(table, SurveyColumns.ObsId, 'A');
            _mass = Column(table, SurveyColumns.Mass, 'E');
            _age = Column(table, SurveyColumns.Age, 'E');
            _status = Column(table, SurveyColumns.Status, 'A');
            _model = Column(table, SurveyColumns.Model, 'A');
            _message = Column(table, SurveyColumns.Message, 'A');
            _line = Column(table, SurveyColumns.CatalogLine, 'J');
            // The sigma columns come in pairs: one without the other is a damaged or foreign table.
            HasSigma = table.HasColumn(SurveyColumns.MassSigma) || table.HasColumn(SurveyColumns.AgeSigma);
            if (HasSigma)
            {
                _massSigma = Column(table, SurveyColumns.MassSigma, 'E');
                _ageSigma = Column(table, SurveyColumns.AgeSigma, 'E');
            }
            _rows = table.RowCount;
            _row = new byte[checked((int)table.RowLength)];
            dataOffset = table.DataOffset;
        }
        _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        _stream.Seek(dataOffset, SeekOrigin.Begin);
    }

    public string Path { get; }

    public bool HasSigma { get; }

    private FitsColumn Column(BinaryTableHdu table, string name, char code)
    {
        if (!table.HasColumn(name))
            throw new InvalidDataException($"{Path}, HDU 1: no column '{name}'; a survey table has {string.Join(", ", SurveyColumns.All)} (found {string.Join(", ", table.Columns.Select(c => c.Name))})");
        var c = table.GetColumn(name);
        bool ok = c.TypeCode == code && (code == 'A' || c.Repeat == 1) && c.Scale == 1.0 && c.Zero == 0.0;
        if (!ok) throw new InvalidDataException($"{Path}, HDU 1, column '{name}': TFORM{c.Number} = '{c.Format}' is not the survey table's {(code == 'A' ? "nA" : "1" + code)} (unscaled)");
        return c;
    }

    public SurveyEstimate? Read()
    {
        if (_next == _rows) return null;
        long row = _next++;
        string where = $"{Path}, HDU 1, row {row}";
        try
        {
            _stream.ReadExactly(_row);
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException($"{where}: the file ends inside the table (NAXIS2 = {_rows} rows); it is truncated", ex);
        }
        var span = _row.AsSpan();
        float? mass = SurveyFieldParser.Checked(SurveyFieldParser.FromNaN(BinaryPrimitives.ReadSingleBigEndian(Field(span, _mass))), where, SurveyColumns.Mass);
        float? age = SurveyFieldParser.Checked(SurveyFieldParser.FromNaN(BinaryPrimitives.ReadSingleBigEndian(Field(span, _age))), where, SurveyColumns.Age);
        var status = SurveyStatusText.Parse(Text(span, _status, where), $"{where}, column '{SurveyColumns.Status}'");
        int line = BinaryPrimitives.ReadInt32BigEndian(Field(span, _line));
        if (line < 1) throw new InvalidDataException($"{where}, column '{SurveyColumns.CatalogLine}': {line} is not a positive catalogue line number");
        return new SurveyEstimate(line, Text(span, _obsId, where), mass, age, status, Text(span, _model, where), Text(span, _message, where))
        {
            MassSigma = _massSigma is { } ms ? SurveyFieldParser.CheckedSigma(SurveyFieldParser.FromNaN(BinaryPrimitives.ReadSingleBigEndian(Field(span, ms))), where, SurveyColumns.MassSigma) : null,
            AgeSigma = _ageSigma is { } a ? SurveyFieldParser.CheckedSigma(SurveyFieldParser.FromNaN(BinaryPrimitives.ReadSingleBigEndian(Field(span, a))), where, SurveyColumns.AgeSigma) : null,
        };
    }

    private static ReadOnlySpan<byte> Field(ReadOnlySpan<byte> row, FitsColumn c) => row.Slice((int)c.ByteOffset, (int)c.ByteWidth);

    /// <summary>
    /// A text field, UTF-8: up to the first NUL (the padding <see cref="SurveyFitsWriter"/> writes), or, in a field
    /// without one, with trailing blanks trimmed (blank padding, as other FITS writers pad).
    /// </summary>
    private static string Text(ReadOnlySpan<byte> row, FitsColumn c, string where)
    {
        var field = Field(row, c);
        int nul = field.IndexOf((byte)0);
        field = nul >= 0 ? field[..nul] : field.TrimEnd((byte)' ');
        try
        {
            return StrictUtf8.GetString(field);
        }
        catch (DecoderFallbackException ex)
        {
            throw new InvalidDataException($"{where}, column '{c.Name}': the text is neither ASCII nor UTF-8 ({ex.Message})", ex);
        }
    }

    public void Dispose() => _stream.Dispose();
}
