using System.Globalization;
using System.Text;

namespace SPFusion.ML.Survey.Output;

/// <summary>
/// The survey CSV format, defined here once (run outputs, resumption parts and merged shards all go through it, so
/// equal estimates give equal bytes): UTF-8 without a byte-order mark, LF line ends, the header
/// <c>obsid,mass,age,status,model,message,catalog_line</c> (with <c>mass_sigma,age_sigma</c> after <c>age</c> for a model
/// with an uncertainty), invariant culture, floats in their shortest round-trip form,
/// an empty field for no estimate, and RFC 4180 quoting (a field holding a comma, a double quote, CR or LF is enclosed in
/// double quotes, inner quotes doubled) for the text columns.
/// </summary>
internal sealed class SurveyCsvWriter : ISurveyTableWriter
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private readonly StreamWriter _writer;
    private readonly StringBuilder _line = new();
    private readonly bool _sigma;
    private bool _complete;

    /// <summary>Starts the table; <paramref name="sigma"/> adds the <c>mass_sigma</c> and <c>age_sigma</c> columns.</summary>
    public SurveyCsvWriter(Stream stream, bool sigma = false)
    {
        _sigma = sigma;
        _writer = new StreamWriter(stream, Utf8, bufferSize: 1 << 16, leaveOpen: true) { NewLine = "\n" };
        _writer.Write(sigma ? HeaderWithSigma : Header);
    }

    /// <summary>The header line, LF included.</summary>
    public static string Header { get; } = string.Join(",", SurveyColumns.All) + "\n";

    /// <summary>The header line of a table with sigmas, LF included.</summary>
    public static string HeaderWithSigma { get; } = string.Join(",", SurveyColumns.AllWithSigma) + "\n";

    public void Write(SurveyEstimate row)
    {
        if (_complete) throw new InvalidOperationException("the table is complete");
        SurveyEstimateCheck.Validate(row);
        _line.Clear();
        AppendRow(_line, row, _sigma);
        _writer.Write(_line);
    }

    /// <summary>One row's line, LF included; <paramref name="sigma"/>: with the sigma columns (empty where the row has none).</summary>
    public static void AppendRow(StringBuilder line, SurveyEstimate row, bool sigma = false)
    {
        AppendText(line, row.ObsId).Append(',');
        AppendNumber(line, row.Mass).Append(',');
        AppendNumber(line, row.Age).Append(',');
        if (sigma)
        {
            AppendNumber(line, row.MassSigma).Append(',');
            AppendNumber(line, row.AgeSigma).Append(',');
        }
        else if (row.MassSigma is not null || row.AgeSigma is not null)
        {
            throw new ArgumentException($"catalogue line {row.Line}: the row has sigmas but the table was started without the sigma columns");
        }
        line.Append(SurveyStatusText.Of(row.Status)).Append(',');
        AppendText(line, row.Model).Append(',');
        AppendText(line, row.Message).Append(',');
        line.Append(row.Line.ToString(CultureInfo.InvariantCulture)).Append('\n');
    }

    private static StringBuilder AppendNumber(StringBuilder line, float? value) =>
        value is { } v ? line.Append(v.ToString("R", CultureInfo.InvariantCulture)) : line;

    private static StringBuilder AppendText(StringBuilder line, string text)
    {
        if (text.AsSpan().IndexOfAny(",\"\r\n") < 0) return line.Append(text);
        return line.Append('"').Append(text.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }

    public void Complete()
    {
        if (_complete) return;
        _writer.Flush();
        _complete = true;
    }

    public void Dispose() => _writer.Dispose();
}
