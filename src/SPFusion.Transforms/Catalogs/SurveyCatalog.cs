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

        var entries = new List<SurveyCatalogEntry>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? line;
        int lineNumber = 1;
        while ((line = BoundedLineReader.ReadLine(reader, $"{path}, line {lineNumber + 1}")) is not null)
        {
            lineNumber++;
            if (line.Length == 0) continue;
            var fields = Split(line);
            if (fields.Count != names.Length)
                throw new InvalidDataException($"{path}, line {lineNumber}: {fields.Count} fields, the header has {names.Length}");
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
            string File(string column)
            {
                string s = Text(column);
                if (s.Length == 0) throw new InvalidDataException($"{path}, line {lineNumber}: column '{column}' is empty");
                return Path.GetFullPath(Path.IsPathRooted(s) ? s : Path.Combine(folder, s));
            }

            string obsid = Text("obsid");
            if (obsid.Length == 0) throw new InvalidDataException($"{path}, line {lineNumber}: column 'obsid' is empty");
            if (!seen.Add(obsid)) throw new InvalidDataException($"{path}, line {lineNumber}: obsid '{UserText.Clip(obsid)}' appears twice");
            double ra = Number("ra"), dec = Number("dec");
            // Out-of-range coordinates otherwise surface far later as a WCS projection or frame-edge error without the line.
            if (!(ra >= 0 && ra < 360))
                throw new InvalidDataException($"{path}, line {lineNumber}: column 'ra' is {ra.ToString(CultureInfo.InvariantCulture)}; right ascension must lie in [0, 360) degrees");
            if (!(dec >= -90 && dec <= 90))
                throw new InvalidDataException($"{path}, line {lineNumber}: column 'dec' is {dec.ToString(CultureInfo.InvariantCulture)}; declination must lie in [-90, 90] degrees");
            entries.Add(new SurveyCatalogEntry(lineNumber, obsid, ra, dec,
                File("spectrum"), File("g"), File("r"), File("i"),
                Label("mass"), Label("age"), Optional("snr"), Optional("teff"), Optional("logg"), Optional("feh")));
        }
        return entries;
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
