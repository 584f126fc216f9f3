using System.Text;

namespace SPFusion.ML.Survey.Output;

/// <summary>
/// Reads the format <see cref="SurveyCsvWriter"/> writes (RFC 4180 records, quoted fields may span lines; CRLF line ends
/// are accepted too), with or without the sigma columns, one row at a time. Errors name the file, the line a record starts on and the column.
/// </summary>
internal sealed class SurveyCsvReader : ISurveyTableReader
{
    private readonly StreamReader _reader;
    private readonly List<string> _fields = new(SurveyColumns.AllWithSigma.Count);
    private readonly IReadOnlyList<string> _columns;
    private readonly StringBuilder _field = new();
    private long _line = 1;

    public SurveyCsvReader(Stream stream, string path)
    {
        Path = path;
        _reader = new StreamReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16);
        if (!ReadRecord(out long start))
            throw new InvalidDataException($"{Path}: empty file; a survey CSV starts with the header {SurveyCsvWriter.Header.TrimEnd('\n')}");
        HasSigma = _fields.SequenceEqual(SurveyColumns.AllWithSigma, StringComparer.Ordinal);
        if (!HasSigma && !_fields.SequenceEqual(SurveyColumns.All, StringComparer.Ordinal))
        {
            throw new InvalidDataException($"{Path}, line {start}: header '{SurveyFieldParser.Clip(string.Join(",", _fields))}' is not the survey header " +
                $"{SurveyCsvWriter.Header.TrimEnd('\n')} (or {SurveyCsvWriter.HeaderWithSigma.TrimEnd('\n')} for a model with an uncertainty)");
        }
        _columns = SurveyColumns.Of(HasSigma);
    }

    public string Path { get; }

    public bool HasSigma { get; }

    public SurveyEstimate? Read()
    {
        if (!ReadRecord(out long start)) return null;
        string where = $"{Path}, line {start}";
        if (_fields.Count != _columns.Count)
            throw new InvalidDataException($"{where}: {_fields.Count} fields, the survey header has {_columns.Count}");
        float? mass = SurveyFieldParser.Estimate(_fields[1], where, SurveyColumns.Mass);
        float? age = SurveyFieldParser.Estimate(_fields[2], where, SurveyColumns.Age);
        int s = HasSigma ? 2 : 0;
        var status = SurveyStatusText.Parse(_fields[3 + s], $"{where}, column '{SurveyColumns.Status}'");
        int line = SurveyFieldParser.Line(_fields[6 + s], where);
        return new SurveyEstimate(line, _fields[0], mass, age, status, _fields[4 + s], _fields[5 + s])
        {
            MassSigma = HasSigma ? SurveyFieldParser.Sigma(_fields[3], where, SurveyColumns.MassSigma) : null,
            AgeSigma = HasSigma ? SurveyFieldParser.Sigma(_fields[4], where, SurveyColumns.AgeSigma) : null,
        };
    }

    /// <summary>Reads one record's fields; false at the end of the file.</summary>
    private bool ReadRecord(out long start)
    {
        start = _line;
        _fields.Clear();
        int c;
        try
        {
            c = _reader.Peek();
        }
        catch (DecoderFallbackException ex)
        {
            throw new InvalidDataException($"{Path}, line {_line}: not UTF-8 text ({ex.Message})", ex);
        }
        if (c < 0) return false;
        try
        {
            while (true)
            {
                _field.Clear();
                c = _reader.Read();
                if (c == '"')
                {
                    while (true)
                    {
                        c = _reader.Read();
                        if (c < 0) throw new InvalidDataException($"{Path}, line {start}, column '{ColumnName(_fields.Count)}': the quoted field is not closed before the end of the file");
                        if (c == '"')
                        {
                            if (_reader.Peek() == '"')
                            {
                                _reader.Read();
                                _field.Append('"');
                                continue;
                            }
                            break;
                        }
                        if (c == '\n') _line++;
                        _field.Append((char)c);
                    }
                    c = _reader.Read();
                }
                else
                {
                    while (c >= 0 && c != ',' && c != '\n')
                    {
                        if (c == '"') throw new InvalidDataException($"{Path}, line {_line}, column '{ColumnName(_fields.Count)}': a double quote inside an unquoted field (RFC 4180 quotes the whole field)");
                        if (c == '\r')
                        {
                            if (_reader.Peek() != '\n') throw new InvalidDataException($"{Path}, line {_line}, column '{ColumnName(_fields.Count)}': a carriage return inside an unquoted field");
                            c = _reader.Read();
                            break;
                        }
                        _field.Append((char)c);
                        c = _reader.Read();
                    }
                }
                if (c == '\r' && _reader.Peek() == '\n') c = _reader.Read();
                _fields.Add(_field.ToString());
                if (c == ',') continue;
                if (c == '\n')
                {
                    _line++;
                    return true;
                }
                if (c < 0) return true;
                throw new InvalidDataException($"{Path}, line {_line}, column '{ColumnName(_fields.Count - 1)}': '{(char)c}' after a closing quote (a field ends at a comma or the line's end)");
            }
        }
        catch (DecoderFallbackException ex)
        {
            throw new InvalidDataException($"{Path}, line {_line}: not UTF-8 text ({ex.Message})", ex);
        }
    }

    private string ColumnName(int index)
    {
        // The header itself is read before the columns are known.
        var columns = _columns ?? SurveyColumns.All;
        return index < columns.Count ? columns[index] : $"#{index + 1}";
    }

    public void Dispose() => _reader.Dispose();
}
