using System.Globalization;
using System.Text.Json;

namespace SPFusion.ML.Survey.Output;

/// <summary>
/// One committed chunk in a run's <c>journal.jsonl</c>: one JSON object per line, appended (and fsynced) only after the
/// chunk's part file is durable under its final name. It names the part, its row count, byte length and CRC-32 (checked
/// before the part is trusted), and the widest UTF-8 text of each text column (a FITS output declares column widths
/// before its first row, so the final merge needs them without reading every part twice).
/// </summary>
/// <param name="Chunk">The pipeline's chunk id (0..M-1).</param>
/// <param name="Part">The part file's name in the work folder.</param>
/// <param name="Rows">Rows in the part.</param>
/// <param name="Bytes">The part file's length.</param>
/// <param name="Crc32">CRC-32 (IEEE) of the part file's bytes.</param>
/// <param name="Shape">Row count and text widths of the part.</param>
internal sealed record SurveyJournalEntry(int Chunk, string Part, int Rows, long Bytes, uint Crc32, SurveyTableShape Shape)
{
    /// <summary>The part file name for a chunk: <c>part-NNNNNN.csv</c> (at least six digits, so names sort by chunk).</summary>
    public static string PartName(int chunk) => string.Create(CultureInfo.InvariantCulture, $"part-{chunk:D6}.csv");

    /// <summary>The entry's line, LF included.</summary>
    public string ToLine()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("chunk", Chunk);
            json.WriteString("part", Part);
            json.WriteNumber("rows", Rows);
            json.WriteNumber("bytes", Bytes);
            json.WriteString("crc32", Crc32.ToString("x8", CultureInfo.InvariantCulture));
            json.WriteNumber("obsidBytes", Shape.ObsIdBytes);
            json.WriteNumber("statusBytes", Shape.StatusBytes);
            json.WriteNumber("modelBytes", Shape.ModelBytes);
            json.WriteNumber("messageBytes", Shape.MessageBytes);
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>Parses a complete line (without its LF); null when it is not a valid entry.</summary>
    public static SurveyJournalEntry? TryParse(string line)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            int chunk = root.GetProperty("chunk").GetInt32();
            string part = root.GetProperty("part").GetString() ?? "";
            int rows = root.GetProperty("rows").GetInt32();
            long bytes = root.GetProperty("bytes").GetInt64();
            string crcText = root.GetProperty("crc32").GetString() ?? "";
            if (chunk < 0 || rows < 0 || bytes < 0 || part != PartName(chunk)) return null;
            if (crcText.Length != 8 || !uint.TryParse(crcText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out uint crc)) return null;
            var shape = SurveyTableShape.With(rows, root.GetProperty("obsidBytes").GetInt32(), root.GetProperty("statusBytes").GetInt32(),
                root.GetProperty("modelBytes").GetInt32(), root.GetProperty("messageBytes").GetInt32());
            return new SurveyJournalEntry(chunk, part, rows, bytes, crc, shape);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }
}
