using System.Diagnostics;
using System.Globalization;

namespace SPFusion.Cli.CommandLine;

/// <summary>
/// A one-line progress bar on stderr when it is a terminal, with the rate and the time left; silent when redirected
/// (logs stay clean).
/// </summary>
internal sealed class ProgressBar(string label, long total) : IDisposable
{
    private readonly bool _terminal = !Console.IsErrorRedirected;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _total = total;
    private long _done;
    private long _start = -1;
    private int _lastWidth = -1;
    private bool _drawn;

    public void Advance(long by = 1) => Update(_done + by, _total);

    /// <summary>Sets the count done (and the total, when it becomes known); rows done before the first call (a resumed run's) do not count toward the rate.</summary>
    public void Update(long done, long total)
    {
        if (_start < 0) _start = done;
        _done = done;
        _total = total;
        if (!_terminal || _total <= 0) return;
        int width = (int)(40 * Math.Min(_done, _total) / _total);
        if (width == _lastWidth && _done != _total) return;
        _lastWidth = width;
        double seconds = _clock.Elapsed.TotalSeconds;
        double rate = seconds > 0 ? (_done - _start) / seconds : 0;
        string eta = rate > 0 ? TimeSpan.FromSeconds(Math.Ceiling((_total - _done) / rate)).ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : "?";
        Console.Error.Write(string.Create(CultureInfo.InvariantCulture,
            $"\r{label} [{new string('#', width)}{new string('.', 40 - width)}] {_done}/{_total} {rate:0.0}/s, {eta} left "));
        _drawn = true;
    }

    public void Dispose()
    {
        if (_drawn) Console.Error.WriteLine();
    }
}
