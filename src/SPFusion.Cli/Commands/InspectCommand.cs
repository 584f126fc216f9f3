using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using SPFusion.Cli.CommandLine;
using SPFusion.Transforms.Fits;

namespace SPFusion.Cli.Commands;

/// <summary>
/// <c>spfusion inspect FILE [--json]</c>: every HDU of a FITS file (plain, .gz or .bz2) with its type, BITPIX, shape,
/// EXTNAME, header and table columns. The JSON form is one document; header values keep their FITS types, COMMENT and
/// HISTORY are left out, a repeated keyword shows its first value, a value that does not parse (non-standard card) shows
/// its card text as a string, and "columns" is null for HDUs that are not tables.
/// </summary>
internal sealed class InspectCommand : ICliCommand
{
    /// <inheritdoc/>
    public string Name => "inspect";

    /// <inheritdoc/>
    public string Summary => "list the HDUs, headers and table columns of a FITS file (.fits, .fits.gz, .fits.bz2)";

    /// <inheritdoc/>
    public IEnumerable<Symbol> Symbols => [_file, _json];

    private readonly Argument<string> _file = new("FILE") { Description = "a FITS file: .fits, .fits.gz or .fits.bz2" };

    private readonly Option<bool> _json = CliOptions.Flag("--json", "one JSON document instead of text");

    /// <inheritdoc/>
    public int Run(ParseResult args, TextWriter stdout, TextWriter stderr)
    {
        bool json = args.GetValue(_json);
        string path = args.GetValue(_file)!;
        using var file = FitsFile.Open(path);
        // Everything is read before anything is printed, so a malformed file never leaves half a document on stdout.
        var hdus = file.Hdus;
        stdout.Write(json ? ToJson(path, hdus, file.Warnings) : ToText(path, file.Compression, hdus));
        // Warnings go to stderr in both forms, so --json output stays one document a program can parse.
        foreach (string warning in file.Warnings) stderr.WriteLine($"warning: {warning}");
        return 0;
    }

    private static string ToJson(string path, IReadOnlyList<FitsHdu> hdus, IReadOnlyList<string> warnings)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("file", path);
            w.WriteStartArray("warnings");
            foreach (string warning in warnings) w.WriteStringValue(warning);
            w.WriteEndArray();
            w.WriteStartArray("hdus");
            foreach (var hdu in hdus)
            {
                w.WriteStartObject();
                w.WriteNumber("index", hdu.Index);
                w.WriteString("type", hdu.TypeName);
                w.WriteNumber("bitpix", hdu.Bitpix);
                w.WriteStartArray("shape");
                foreach (long n in hdu.Axes) w.WriteNumberValue(n);
                w.WriteEndArray();
                w.WriteString("extname", hdu.ExtName?.Trim());
                w.WriteStartObject("header");
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var card in hdu.Header.Cards)
                {
                    if (card.IsCommentary || !seen.Add(card.Key)) continue;
                    w.WritePropertyName(card.Key);
                    if (card.ValueError is not null) w.WriteStringValue(card.RawText.TrimEnd());
                    else WriteValue(w, card.Value);
                }
                w.WriteEndObject();
                if (hdu is BinaryTableHdu table)
                {
                    w.WriteStartArray("columns");
                    foreach (var c in table.Columns)
                    {
                        w.WriteStartObject();
                        w.WriteString("name", c.Name);
                        w.WriteString("format", c.Format);
                        w.WriteString("unit", c.Unit);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                }
                else
                {
                    w.WriteNull("columns");
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + Environment.NewLine;
    }

    private static void WriteValue(Utf8JsonWriter w, object? value)
    {
        switch (value)
        {
            case null: w.WriteNullValue(); break;
            case string s: w.WriteStringValue(s); break;
            case long l: w.WriteNumberValue(l); break;
            case double d: w.WriteNumberValue(d); break;
            case bool b: w.WriteBooleanValue(b); break;
            default: w.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
        }
    }

    private static string ToText(string path, FitsCompression compression, IReadOnlyList<FitsHdu> hdus)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"{path} ({(compression == FitsCompression.None ? "plain" : compression.ToString())}, {hdus.Count} HDU(s))");
        foreach (var hdu in hdus)
        {
            sb.AppendLine();
            sb.Append(CultureInfo.InvariantCulture, $"HDU {hdu.Index}  {hdu.TypeName}  BITPIX={hdu.Bitpix}  shape=[{string.Join(", ", hdu.Axes)}]");
            if (hdu.ExtName is string ext) sb.Append(CultureInfo.InvariantCulture, $"  EXTNAME={ext.Trim()}");
            sb.AppendLine();
            foreach (var card in hdu.Header.Cards)
            {
                for (int i = 0; i < card.RawText.Length; i += 80)
                    sb.Append("  ").AppendLine(card.RawText.Substring(i, Math.Min(80, card.RawText.Length - i)).TrimEnd());
            }
            if (hdu is BinaryTableHdu table)
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"  columns ({table.RowCount} row(s) of {table.RowLength} bytes):");
                foreach (var c in table.Columns)
                    sb.AppendLine(CultureInfo.InvariantCulture, $"    {c.Number,3}  {c.Name,-20} {c.Format,-10} {c.Unit ?? string.Empty}");
            }
        }
        return sb.ToString();
    }
}
