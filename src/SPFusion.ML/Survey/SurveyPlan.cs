using SPFusion.Transforms.Catalogs;

namespace SPFusion.ML.Survey;

/// <summary>
/// The deterministic processing order of a catalogue: rows grouped by frame triple (so a frame is decoded while all its
/// stars are cut out), groups in order of their first catalogue line, the shard's groups only, cut into numbered chunks.
/// The same catalogue and options always give the same chunks, which is what lets a killed run resume by chunk number.
/// </summary>
internal sealed class SurveyPlan
{
    private readonly Dictionary<string, int> _groupSizes;

    private SurveyPlan(IReadOnlyList<IReadOnlyList<SurveyCatalogRow>> chunks, int rows, int catalogueRows, Dictionary<string, int> groupSizes)
    {
        _groupSizes = groupSizes;
        Chunks = chunks;
        RowCount = rows;
        CatalogueRowCount = catalogueRows;
    }

    /// <summary>The chunks in processing order; chunk k's rows are in processing order too.</summary>
    public IReadOnlyList<IReadOnlyList<SurveyCatalogRow>> Chunks { get; }

    /// <summary>Rows this plan estimates (the shard's).</summary>
    public int RowCount { get; }

    /// <summary>Data rows of the whole catalogue.</summary>
    public int CatalogueRowCount { get; }

    /// <summary>How many of this plan's rows share <paramref name="entry"/>'s frame triple (0 for a row without frames).</summary>
    public int StarsSharingFrames(SurveyCatalogEntry entry) => entry.HasFrames ? _groupSizes.GetValueOrDefault(FrameKey(entry)) : 0;

    /// <summary>The grouping rule: rows share frames when they name the same g, r and i files.</summary>
    public static string FrameKey(SurveyCatalogEntry e) => string.Join('\n', e.GPath, e.RPath, e.IPath);

    /// <summary>Plans <paramref name="rows"/> (the whole catalogue, in file order) for <paramref name="shard"/>.</summary>
    public static SurveyPlan Create(IReadOnlyList<SurveyCatalogRow> rows, int chunkSize, SurveyShard shard)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        var groups = new List<List<SurveyCatalogRow>>();
        var byFrames = new Dictionary<string, List<SurveyCatalogRow>>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (row.Entry is { HasFrames: true } e)
            {
                string key = FrameKey(e);
                if (!byFrames.TryGetValue(key, out var group))
                {
                    group = [];
                    byFrames.Add(key, group);
                    groups.Add(group);
                }
                group.Add(row);
            }
            else
            {
                groups.Add([row]);
            }
        }

        // Shard k takes the groups that start in its slice of the grouped order; a group never straddles shards.
        var chunks = new List<IReadOnlyList<SurveyCatalogRow>>();
        var current = new List<SurveyCatalogRow>(chunkSize);
        long start = 0;
        int taken = 0;
        var sizes = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var group in groups)
        {
            int owner = (int)(start * shard.Count / Math.Max(1, rows.Count));
            start += group.Count;
            if (owner != shard.Index) continue;
            if (group[0].Entry is { HasFrames: true } first) sizes[FrameKey(first)] = group.Count;
            foreach (var row in group)
            {
                current.Add(row);
                taken++;
                if (current.Count == chunkSize)
                {
                    chunks.Add(current);
                    current = new List<SurveyCatalogRow>(chunkSize);
                }
            }
        }
        if (current.Count > 0) chunks.Add(current);
        return new SurveyPlan(chunks, taken, rows.Count, sizes);
    }
}
