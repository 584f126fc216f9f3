using SPFusion.Transforms.Catalogs;
using SPFusion.Transforms.Images;
using SPFusion.Transforms.Spectra;

namespace SPFusion.ML.Survey;

/// <summary>
/// Prepares a chunk's rows for the networks and decides each row's status. Rows sharing a frame triple are consecutive in
/// a chunk (<see cref="SurveyPlan"/>) and are prepared together: each of their frames is loaded once, and a frame that
/// cannot be read is reported for every star that needs it without being decoded again. Groups run in parallel.
/// </summary>
internal sealed class SurveyRowPreparer
{
    private readonly SpectrumPreparation _spectra;
    private readonly StarCutoutBuilder _cutouts;
    private readonly FrameCache _frames;
    private readonly int _threads;
    private readonly Func<SurveyCatalogEntry, bool> _wholeFrames;

    /// <param name="options">The run's options.</param>
    /// <param name="starsSharingFrames">How many of the run's stars use a row's frame triple (decides whole or partial decoding).</param>
    public SurveyRowPreparer(SurveyEstimatorOptions options, Func<SurveyCatalogEntry, int> starsSharingFrames)
    {
        _spectra = new SpectrumPreparation(options.SpectrumOptions);
        _cutouts = new StarCutoutBuilder(options.CutoutOptions);
        _frames = new FrameCache(options.FrameCacheBytes);
        _threads = Math.Max(1, options.PreparationThreads);
        _wholeFrames = options.FrameDecoding == SurveyFrameDecoding.Whole
            ? _ => true
            : e => starsSharingFrames(e) >= options.WholeFrameMinStars;
    }

    /// <summary>Frame decodes so far (diagnostics and tests: each frame once per run when the cache holds it).</summary>
    public long FrameLoads => _frames.Loads;

    /// <summary>Prepares <paramref name="chunk"/>; the result is in the chunk's order.</summary>
    public PreparedRow[] Prepare(IReadOnlyList<SurveyCatalogRow> chunk, CancellationToken cancellationToken)
    {
        var result = new PreparedRow[chunk.Count];
        var groups = new List<(int Start, int Count)>();
        for (int k = 0; k < chunk.Count;)
        {
            int end = k + 1;
            while (end < chunk.Count && SameFrames(chunk[k], chunk[end])) end++;
            groups.Add((k, end - k));
            k = end;
        }
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _threads, CancellationToken = cancellationToken };
        Parallel.ForEach(groups, parallel, g => PrepareGroup(chunk, g.Start, g.Count, result));
        return result;
    }

    private static bool SameFrames(SurveyCatalogRow a, SurveyCatalogRow b) =>
        a.Entry is { HasFrames: true } x && b.Entry is { HasFrames: true } y && SurveyPlan.FrameKey(x) == SurveyPlan.FrameKey(y);

    private void PrepareGroup(IReadOnlyList<SurveyCatalogRow> chunk, int start, int count, PreparedRow[] result)
    {
        // Partial reads cover the rows of this chunk's stars of the group, so they are not cached for others.
        var rows = Enumerable.Range(start, count).Select(k => chunk[k]).ToList();
        var positions = rows.Select(r => r.Entry).OfType<SurveyCatalogEntry>().Select(e => (e.Ra, e.Dec)).ToList();
        FrameSet? frames = null;
        FrameSet Load(SurveyCatalogEntry e) => _wholeFrames(e)
            ? FrameSet.Load(e, _frames.Get)
            : FrameSet.Load(e, path => SdssFrameReader.ReadAround(path, positions, _cutouts.Options.Size));
        for (int k = start; k < start + count; k++)
            result[k] = PrepareRow(chunk[k], ref frames, Load);
    }

    private PreparedRow PrepareRow(SurveyCatalogRow row, ref FrameSet? frames, Func<SurveyCatalogEntry, FrameSet> load)
    {
        if (row.Entry is not { } entry) return new PreparedRow(row, SurveyStatus.BadRow, row.Problem ?? "unusable row", null, null);
        if (!File.Exists(entry.SpectrumPath))
            return new PreparedRow(row, SurveyStatus.MissingFile, $"{entry.SpectrumPath}: spectrum file not found", null, null);

        float[] spectrum;
        string warnings;
        try
        {
            var read = LamostSpectrumReader.Read(entry.SpectrumPath);
            warnings = string.Join("; ", read.Warnings);
            spectrum = _spectra.Prepare(read).Input;
        }
        catch (Exception ex) when (IsDataError(ex))
        {
            return new PreparedRow(row, SurveyStatus.BadSpectrum, OneLine(ex), null, null);
        }

        if (!entry.HasFrames)
        {
            return new PreparedRow(row, SurveyStatus.SpectrumOnly,
                With(warnings, $"line {entry.Line}: no SDSS frames given ({MissingBands(entry)} empty)"), spectrum, null);
        }

        frames ??= load(entry);
        if (frames.Problem is { } problem) return new PreparedRow(row, problem.Status, With(warnings, problem.Message), spectrum, null);
        try
        {
            var cutout = _cutouts.TryBuild($"obsid {entry.ObsId}", entry.Ra, entry.Dec, frames.G!, frames.R!, frames.I!, out string? outside);
            return cutout is null
                ? new PreparedRow(row, SurveyStatus.SpectrumOnly, With(warnings, outside!), spectrum, null)
                : new PreparedRow(row, SurveyStatus.Ok, warnings, spectrum, cutout.Normalised);
        }
        catch (Exception ex) when (IsDataError(ex))
        {
            return new PreparedRow(row, SurveyStatus.BadFrame, With(warnings, OneLine(ex)), spectrum, null);
        }
    }

    // The row's reason first, then what the spectrum's reader warned about.
    private static string With(string warnings, string reason) => warnings.Length == 0 ? reason : $"{reason}; {warnings}";

    private static string MissingBands(SurveyCatalogEntry e) =>
        string.Join(", ", new[] { ("g", e.GPath), ("r", e.RPath), ("i", e.IPath) }.Where(b => b.Item2.Length == 0).Select(b => b.Item1));

    internal static bool IsDataError(Exception ex) => ex is InvalidDataException or IOException or UnauthorizedAccessException;

    internal static string OneLine(Exception ex) => ex.Message.ReplaceLineEndings(" ");

    /// <summary>A group's three frames, or the first problem loading them (the same for every star of the group).</summary>
    private sealed record FrameSet(SdssFrame? G, SdssFrame? R, SdssFrame? I, (SurveyStatus Status, string Message)? Problem)
    {
        public static FrameSet Load(SurveyCatalogEntry entry, Func<string, SdssFrame> read)
        {
            var paths = new[] { entry.GPath, entry.RPath, entry.IPath };
            var missing = paths.Where(p => !File.Exists(p)).ToList();
            if (missing.Count > 0)
                return new FrameSet(null, null, null, (SurveyStatus.MissingFile, $"{string.Join(", ", missing)}: frame file not found"));
            try
            {
                return new FrameSet(read(paths[0]), read(paths[1]), read(paths[2]), null);
            }
            catch (Exception ex) when (IsDataError(ex))
            {
                return new FrameSet(null, null, null, (SurveyStatus.BadFrame, OneLine(ex)));
            }
        }
    }
}
