namespace SPFusion.Transforms.MLNet;

/// <summary>Parses an options text once and reuses the result while the same text keeps arriving (every row of a pipeline).</summary>
internal sealed class OptionsCache<T>(Func<string, T> parse) where T : class
{
    private sealed record Entry(string Text, T Value);

    // One immutable entry swapped atomically: cursors may call the mapping from several threads.
    private Entry? _last;

    public T Get(string text)
    {
        var last = Volatile.Read(ref _last);
        if (last is not null && (ReferenceEquals(last.Text, text) || last.Text == text)) return last.Value;
        var entry = new Entry(text, parse(text));
        Volatile.Write(ref _last, entry);
        return entry.Value;
    }
}
