using System.Globalization;
using System.Text;

namespace SPFusion.Transforms.Datasets;

/// <summary>Reads and writes the authors' label table, <c>label/label.csv</c>.</summary>
internal static class LabelCsv
{
    /// <summary>The columns, in the authors' order.</summary>
    public static readonly IReadOnlyList<string> Columns = ["obsid", "SNR", "teff_K", "logg_cm_s2", "feh_dex", "mass_Msun", "age_Gyr"];

    /// <summary>Reads every row; columns may come in any order and extra columns are ignored.</summary>
    /// <exception cref="InvalidDataException">A required column is missing, a value is not a number, an obsid repeats or cannot name a file (<see cref="StarId"/>); names file, line and column.</exception>
    public static List<AuthorsLabel> Read(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        string? header = BoundedLineReader.ReadLine(reader, $"{path}: line 1") ?? throw new InvalidDataException($"{path}: empty file; expected the header {string.Join(",", Columns)}");
        string[] names = header.TrimStart('\uFEFF').Split(',').Select(n => n.Trim()).ToArray();
        var index = new int[Columns.Count];
        for (int c = 0; c < Columns.Count; c++)
        {
            index[c] = Array.IndexOf(names, Columns[c]);
            if (index[c] < 0)
                throw new InvalidDataException($"{path}: line 1: column '{Columns[c]}' is missing (header: {UserText.Clip(header)})");
        }

        var rows = new List<AuthorsLabel>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int lineNo = 1;
        string? line;
        while ((line = BoundedLineReader.ReadLine(reader, $"{path}: line {lineNo + 1}")) is not null)
        {
            lineNo++;
            if (line.Trim().Length == 0)
                continue;
            string[] cells = line.Split(',');
            if (cells.Length != names.Length)
                throw new InvalidDataException($"{path}: line {lineNo}: {cells.Length} fields but the header has {names.Length}");
            string obsId = StarId.CheckFileName(StarId.Normalize(cells[index[0]]), $"{path}: line {lineNo}: column 'obsid'");
            if (!seen.Add(obsId))
                throw new InvalidDataException($"{path}: line {lineNo}: obsid {obsId} appears twice");
            rows.Add(new AuthorsLabel(
                obsId,
                Number(cells, index, 1, path, lineNo),
                Number(cells, index, 2, path, lineNo, missingAllowed: true),
                Number(cells, index, 3, path, lineNo, missingAllowed: true),
                Number(cells, index, 4, path, lineNo, missingAllowed: true),
                PhysicalLabels.PositiveOrMissing(Number(cells, index, 5, path, lineNo, missingAllowed: true), $"{path}: line {lineNo}", Columns[5]),
                PhysicalLabels.PositiveOrMissing(Number(cells, index, 6, path, lineNo, missingAllowed: true), $"{path}: line {lineNo}", Columns[6])));
        }

        return rows;
    }

    /// <summary>
    /// Writes the table with the authors' header; numbers use invariant round-trip formatting. The file is replaced
    /// atomically (<see cref="AtomicFile"/>): a failure leaves an earlier table whole.
    /// </summary>
    public static void Write(string path, IEnumerable<AuthorsLabel> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        AtomicFile.WriteText(path, writer =>
        {
            writer.NewLine = "\n";
            writer.WriteLine(string.Join(",", Columns));
            foreach (var l in labels)
            {
                writer.WriteLine(string.Join(",",
                    StarId.CheckFileName(l.ObsId, path),
                    R(l.Snr), R(l.TeffK), R(l.Logg), R(l.FeH), R(l.Mass), R(l.Age)));
            }
        });
    }

    private static string R(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>
    /// A numeric cell. Labels and stellar parameters a catalogue did not give are written as NaN (or left empty) and read
    /// back as NaN: such a dataset predicts, and training rejects its rows naming them. The SNR must be finite.
    /// </summary>
    private static double Number(string[] cells, int[] index, int column, string path, int line, bool missingAllowed = false)
    {
        string cell = cells[index[column]];
        if (missingAllowed && (cell.Trim().Length == 0 || cell.Trim() == "NaN")) return double.NaN;
        if (!double.TryParse(cell.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
            throw new InvalidDataException($"{path}: line {line}: column '{Columns[column]}' value '{UserText.Clip(cell)}' is not a finite number");
        return v;
    }
}
