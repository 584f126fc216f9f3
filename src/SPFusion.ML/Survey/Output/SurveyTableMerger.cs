using System.Globalization;

namespace SPFusion.ML.Survey.Output;

/// <summary>
/// K-way merge of survey tables that are each in catalogue order (<see cref="SurveyEstimate.Line"/> strictly
/// ascending, which is checked) into one stream in catalogue order: a resumable run's committed parts, or the shard
/// outputs of <c>spfusion merge</c>. Memory holds one row per open table; past <see cref="FanIn"/> tables the merge
/// runs in passes through scratch CSV files, so the count of open files stays bounded too. Rows with equal lines (a
/// duplicate across tables) come out adjacent, first-table first, for the caller to refuse.
/// </summary>
internal static class SurveyTableMerger
{
    /// <summary>Tables merged at once.</summary>
    public const int FanIn = 64;

    /// <summary>The scratch files' name prefix (a work folder's leftovers with it are deleted on resume).</summary>
    public const string ScratchPrefix = "merge-";

    /// <summary>Hands every row of <paramref name="tables"/> to <paramref name="onRow"/> in catalogue order.</summary>
    /// <param name="tables">Table files (format from the extension), each in catalogue order.</param>
    /// <param name="scratchFolder">Where intermediate passes write (only when there are more than <see cref="FanIn"/> tables).</param>
    /// <param name="onRow">Receives each row.</param>
    public static void Merge(IReadOnlyList<string> tables, string scratchFolder, Action<SurveyEstimate> onRow)
    {
        var current = tables.ToList();
        var scratch = new List<string>();
        try
        {
            for (int pass = 0; current.Count > FanIn; pass++)
            {
                var next = new List<string>();
                for (int g = 0; g < current.Count; g += FanIn)
                {
                    var group = current.GetRange(g, Math.Min(FanIn, current.Count - g));
                    string file = Path.Combine(scratchFolder, string.Create(CultureInfo.InvariantCulture, $"{ScratchPrefix}{pass}-{g / FanIn:D6}.csv"));
                    scratch.Add(file);
                    using (var stream = new FileStream(file, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
                    // Scratch files always carry the sigma columns: rows without sigmas read back as they were.
                    using (var writer = new SurveyCsvWriter(stream, sigma: true))
                    {
                        MergeGroup(group, writer.Write);
                        writer.Complete();
                    }
                    next.Add(file);
                }
                current = next;
            }
            MergeGroup(current, onRow);
        }
        finally
        {
            foreach (string file in scratch) File.Delete(file);
        }
    }

    private static void MergeGroup(IReadOnlyList<string> tables, Action<SurveyEstimate> onRow)
    {
        var readers = new List<ISurveyTableReader>(tables.Count);
        try
        {
            var heads = new SurveyEstimate?[tables.Count];
            var queue = new PriorityQueue<int, (int Line, int Table)>();
            for (int i = 0; i < tables.Count; i++)
            {
                readers.Add(SurveyTable.OpenReader(tables[i]));
                if (readers[i].Read() is { } first)
                {
                    heads[i] = first;
                    queue.Enqueue(i, (first.Line, i));
                }
            }
            var rowsRead = new long[tables.Count];
            while (queue.TryDequeue(out int i, out _))
            {
                var row = heads[i]!;
                onRow(row);
                rowsRead[i]++;
                if (readers[i].Read() is { } next)
                {
                    if (next.Line <= row.Line)
                        throw new InvalidDataException($"{readers[i].Path}, row {rowsRead[i]}: catalogue line {next.Line} follows line {row.Line}; a table is merged only when it is in catalogue order, each line once");
                    heads[i] = next;
                    queue.Enqueue(i, (next.Line, i));
                }
            }
        }
        finally
        {
            foreach (var r in readers) r.Dispose();
        }
    }
}
