using System.Globalization;

namespace SPFusion.ML.Survey.Output;

/// <summary>
/// Checks a merged table's catalogue lines, in one streamed pass, against the lines expected (ascending), or only for
/// repeats when none are given: remembers the first <see cref="MaxNamedLines"/> missing, repeated and unexpected lines
/// and counts them all, for an error that names them.
/// </summary>
internal sealed class SurveyLineCheck(IEnumerable<int>? expected)
{
    public const int MaxNamedLines = 10;
    private readonly IEnumerator<int>? _expected = expected?.GetEnumerator();
    private readonly List<int> _missing = [], _repeated = [], _unexpected = [];
    private long _missingCount, _repeatedCount, _unexpectedCount;
    private bool _hasExpected = expected is not null;
    private int _expectedLine;
    private int? _previous;
    private int? _previousExpected;
    private string? _countMismatch;

    public void See(int line)
    {
        if (_previous == line)
        {
            Note(_repeated, ref _repeatedCount, line);
            return;
        }
        _previous = line;
        if (_expected is null) return;
        if (_hasExpected && _previousExpected is null) Advance();
        while (_hasExpected && _expectedLine < line)
        {
            Note(_missing, ref _missingCount, _expectedLine);
            Advance();
        }
        if (_hasExpected && _expectedLine == line) Advance();
        else Note(_unexpected, ref _unexpectedCount, line);
    }

    public void End()
    {
        if (_expected is null) return;
        if (_hasExpected && _previousExpected is null) Advance();
        while (_hasExpected)
        {
            Note(_missing, ref _missingCount, _expectedLine);
            Advance();
        }
        _expected.Dispose();
    }

    private void Advance()
    {
        if (!_expected!.MoveNext())
        {
            _hasExpected = false;
            return;
        }
        int line = _expected.Current;
        if (_previousExpected is { } p && line <= p)
            throw new ArgumentException($"the expected catalogue lines must be ascending, each once: {line} follows {p}", "expectedLines");
        _previousExpected = line;
        _expectedLine = line;
    }

    public void CountMismatch(long expected, long actual) =>
        _countMismatch = string.Create(CultureInfo.InvariantCulture, $"{actual} rows where {expected} were expected");

    private static void Note(List<int> sample, ref long count, int line)
    {
        if (sample.Count < MaxNamedLines) sample.Add(line);
        count++;
    }

    public string? Problems()
    {
        var parts = new List<string>();
        if (_missingCount > 0) parts.Add(Describe("missing", _missing, _missingCount));
        if (_repeatedCount > 0) parts.Add(Describe("present more than once", _repeated, _repeatedCount));
        if (_unexpectedCount > 0) parts.Add(Describe("not expected", _unexpected, _unexpectedCount));
        if (_countMismatch is not null) parts.Add(_countMismatch);
        return parts.Count == 0 ? null : string.Join("; ", parts);
    }

    private static string Describe(string what, List<int> sample, long count) =>
        string.Create(CultureInfo.InvariantCulture, $"catalogue line{(count == 1 ? "" : "s")} {string.Join(", ", sample)}{(count > sample.Count ? $" … ({count} in all)" : "")} {what}");
}
