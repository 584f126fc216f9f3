namespace SPFusion.Cli.CommandLine;

/// <summary>A one-line progress bar on stderr when it is a terminal; silent when redirected (logs stay clean).</summary>
internal sealed class ProgressBar(string label, long total) : IDisposable
{
    private readonly bool _enabled = !Console.IsErrorRedirected && total > 0;
    private long _done;
    private int _lastWidth = -1;

    public void Advance(long by = 1)
    {
        _done += by;
        if (!_enabled) return;
        int width = (int)(40 * Math.Min(_done, total) / total);
        if (width == _lastWidth && _done != total) return;
        _lastWidth = width;
        Console.Error.Write($"\r{label} [{new string('#', width)}{new string('.', 40 - width)}] {_done}/{total}");
    }

    public void Dispose()
    {
        if (_enabled) Console.Error.WriteLine();
    }
}
