using System.Globalization;
using SPFusion.Transforms.Datasets;

namespace SPFusion.Transforms.Catalogs;

/// <summary>
/// Reads the catalogue that <c>spfusion prepare</c> and the quick start take: a CSV with a header row naming at least
/// <c>obsid,ra,dec,spectrum,g,r,i</c> and optionally <c>mass,age,snr,teff,logg,feh</c> (any order). Paths are relative
/// to the catalogue's folder unless absolute.
/// </summary>
public static class SurveyCatalog
{
    /// <summary>Columns every catalogue must have.</summary>
    public static readonly IReadOnlyList<string> RequiredColumns = ["obsid", "ra", "dec", "spectrum", "g", "r", "i"];

    /// <summary>Columns a catalogue may have.</summary>
    public static readonly IReadOnlyList<string> OptionalColumns = ["mass", "age", "snr", "teff", "logg", "feh"];

    /// <summary>Reads every row; errors name the file, line and column.</summary>
    public static IReadOnlyList<SurveyCatalogEntry> Read(string path)
    {
        var entries = new List<SurveyCatalogEntry>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in ReadRowsCore(path, framesRequired: true))
        {
            if (row.Problem is { } problem) throw new InvalidDataException(problem);
            if (!seen.Add(row.ObsId)) throw new InvalidDataException($"{path}, line {row.Line}: obsid '{UserText.Clip(row.ObsId)}' appears twice");
            entries.Add(row.Entry!);
        }
        return entries;
    }

    /// <summary>
    /// Reads every row for a survey run, which records a bad row and goes on: a row with the wrong number of fields, an
    /// empty obsid or spectrum path, or missing, non-numeric or out-of-range coordinates or labels comes back with its
    /// <see cref="SurveyCatalogRow.Problem"/> (naming the file, line and column) instead of stopping the read. Empty g, r
    /// and i paths are allowed (a star outside SDSS's imaging): the entry then holds empty frame paths. A missing file or
    /// a header without the required columns still throws.
    /// </summary>
    public static IEnumerable<SurveyCatalogRow> ReadRows(string path) => ReadRowsCore(path, framesRequired: false);

    private static IEnumerable<SurveyCatalogRow> ReadRowsCore(string path, bool framesRequired)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"catalogue not found: {path}", path);
        string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        using var reader = new StreamReader(path);
        string header = BoundedLineReader.ReadLine(reader, $"{path}, line 1") ?? throw new InvalidDataException($"{path}: empty catalogue (no header row)");
        var names = Split(header).Select(h => h.Trim().ToLowerInvariant()).ToArray();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int c = 0; c < names.Length; c++)
        {
            if (!index.TryAdd(names[c], c)) throw new InvalidDataException($"{path}: column '{UserText.Clip(names[c])}' appears twice in the header");
        }
        foreach (var required in RequiredColumns)
        {
            if (!index.ContainsKey(required))
                throw new InvalidDataException($"{path}: header lacks column '{required}' (required: {string.Join(",", RequiredColumns)})");
        }

        string? line;
        int lineNumber = 1;
        while ((line = BoundedLineReader.ReadLine(reader, $"{path}, line {lineNumber + 1}")) is not null)
        {
            lineNumber++;
            if (line.Length == 0) continue;
            var fields = Split(line);
            string obsid = fields.Count > index["obsid"] ? fields[index["obsid"]].Trim() : "";
            SurveyCatalogRow row;
            try
            {
                row = new SurveyCatalogRow(lineNumber, obsid, ParseRow(path, folder, lineNumber, fields, names.Length, index, framesRequired), null);
            }
            catch (InvalidDataException ex)
            {
                row = new SurveyCatalogRow(lineNumber, obsid, null, ex.Message);
            }
            yield return row;
        }
    }

    private static SurveyCatalogEntry ParseRow(string path, string folder, int lineNumber, List<string> fields, int columns,
        Dictionary<string, int> index, bool framesRequired)
    {
        if (fields.Count != columns)
            throw new InvalidDataException($"{path}, line {lineNumber}: {fields.Count} fields, the header has {columns}");
        string Text(string column) => fields[index[column]].Trim();
        double Number(string column)
        {
            string s = Text(column);
            return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v)
                ? v
                : throw new InvalidDataException($"{path}, line {lineNumber}: column '{column}' is '{UserText.Clip(s)}', not a finite number");
        }
        double? Optional(string column) => index.ContainsKey(column) && Text(column).Length > 0 ? Number(column) : null;
        double? Label(string column) => Optional(column) is { } v ? PhysicalLabels.PositiveOrMissing(v, $"{path}, line {lineNumber}", column) : null;
        string File(string column, bool required)
        {
            string s = Text(column);
            if (s.Length == 0)
            {
                return required ? throw new InvalidDataException($"{path}, line {lineNumber}: column '{column}' is empty") : "";
            }
            return Path.GetFullPath(Path.IsPathRooted(s) ? s : Path.Combine(folder, s));
        }

        if (Text("obsid").Length == 0) throw new InvalidDataException($"{path}, line {lineNumber}: column 'obsid' is empty");
        double ra = Number("ra"), dec = Number("dec");
        // Out-of-range coordinates otherwise surface far later as a WCS projection or frame-edge error without the line.
        if (!(ra >= 0 && ra < 360))
            throw new InvalidDataException($"{path}, line {lineNumber}: column 'ra' is {ra.ToString(CultureInfo.InvariantCulture)}; right ascension must lie in [0, 360) degrees");
        if (!(dec >= -90 && dec <= 90))
            throw new InvalidDataException($"{path}, line {lineNumber}: column 'dec' is {dec.ToString(CultureInfo.InvariantCulture)}; declination must lie in [-90, 90] degrees");
        return new SurveyCatalogEntry(lineNumber, Text("obsid"), ra, dec,
            File("spectrum", required: true), File("g", framesRequired), File("r", framesRequired), File("i", framesRequired),
            Label("mass"), Label("age"), Optional("snr"), Optional("teff"), Optional("logg"), Optional("feh"));
    }

    /// <summary>Splits one CSV line (RFC 4180 quoting: fields in double quotes, doubled quotes inside).</summary>
    internal static List<string> Split(string line)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char ch = line[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else if (ch == '"')
                {
                    quoted = false;
                }
                else
                {
                    current.Append(ch);
                }
            }
            else if (ch == '"')
            {
                quoted = true;
            }
            else if (ch == ',')
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(ch);
            }
        }
        fields.Add(current.ToString());
        return fields;
    }
}
