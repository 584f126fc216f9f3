using System.Globalization;
using System.Text;

namespace SPFusion.Transforms.Datasets;

/// <summary>
/// Reads text lines of at most <see cref="MaxLineLength"/> characters, so a catalogue or label table with an absurd
/// line (a 50 MB field) is refused without holding the line in memory; <see cref="TextReader.ReadLine"/> would
/// allocate all of it first.
/// </summary>
internal static class BoundedLineReader
{
    /// <summary>Longest accepted line: real catalogue rows are a few hundred characters, paths included.</summary>
    public const int MaxLineLength = 1 << 20;

    /// <summary>The next line without its terminator (\n, \r\n or \r), or null at the end.</summary>
    /// <exception cref="InvalidDataException">The line is longer than <see cref="MaxLineLength"/>; names <paramref name="where"/>.</exception>
    public static string? ReadLine(TextReader reader, string where)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var line = new StringBuilder();
        int c;
        while ((c = reader.Read()) >= 0)
        {
            if (c == '\n') return line.ToString();
            if (c == '\r')
            {
                if (reader.Peek() == '\n') reader.Read();
                return line.ToString();
            }
            if (line.Length == MaxLineLength)
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{where}: longer than {MaxLineLength:N0} characters; not a table row"));
            line.Append((char)c);
        }
        return line.Length > 0 ? line.ToString() : null;
    }
}
