using System.Globalization;
using SPFusion.Transforms.Datasets;

namespace SPFusion.ML.Survey.Output;

/// <summary>
/// Writes an output from tables that are each in catalogue order (a run's committed parts, or shard outputs), merged
/// by catalogue line, atomically, after checking that the lines are the expected ones, each once; then writes its
/// manifest. Shared by a run's finish and by the shard merge, so both check and describe their output the same way.
/// </summary>
internal static class SurveyMergedOutput
{
    /// <summary>Merges <paramref name="tables"/> into <paramref name="outputPath"/> and writes the manifest beside it.</summary>
    /// <param name="outputPath">The output (format from its extension).</param>
    /// <param name="tables">The sorted tables to merge.</param>
    /// <param name="scratchFolder">Where merge passes may write scratch files.</param>
    /// <param name="shape">Row count and text widths of all tables together (a FITS header states them first).</param>
    /// <param name="fingerprint">The run the output belongs to (provenance and manifest).</param>
    /// <param name="expectedLines">The lines the output must hold, ascending; null to check only for repeats.</param>
    /// <param name="expectedRows">The row count it must have, or null.</param>
    /// <param name="created">The date recorded.</param>
    /// <param name="source">Names the tables in an error (e.g. "the committed parts in DIR").</param>
    /// <param name="sigma">Whether the output has the sigma columns (its model has an uncertainty).</param>
    /// <exception cref="InvalidDataException">Lines missing, repeated or unexpected, named; the output is not written.</exception>
    public static SurveyOutputManifest Write(string outputPath, IReadOnlyList<string> tables, string scratchFolder, SurveyTableShape shape,
        SurveyRunFingerprint fingerprint, IEnumerable<int>? expectedLines, long? expectedRows, DateTimeOffset created, string source, bool sigma = false)
    {
        var format = SurveyTable.FormatOf(outputPath);
        var check = new SurveyLineCheck(expectedLines);
        var counts = SurveyStatusText.All.ToDictionary(SurveyStatusText.Of, _ => 0L, StringComparer.Ordinal);
        int first = 0, last = 0;
        long rows = 0;

        AtomicFile.Write(outputPath, stream =>
        {
            using var writer = SurveyTable.OpenWriter(stream, format, fingerprint.ToTableMetadata(created), shape, sigma);
            SurveyTableMerger.Merge(tables, scratchFolder, row =>
            {
                check.See(row.Line);
                counts[SurveyStatusText.Of(row.Status)]++;
                if (rows == 0) first = row.Line;
                last = row.Line;
                rows++;
                // A FITS header has already declared the row count: a surplus row is reported as a line problem below.
                if (rows <= shape.Rows || format != SurveyOutputFormat.Fits) writer.Write(row);
            });
            check.End();
            if (expectedRows is { } n && n != rows) check.CountMismatch(n, rows);
            if (rows != shape.Rows && format == SurveyOutputFormat.Fits) check.CountMismatch(shape.Rows, rows);
            if (check.Problems() is { } problems)
                throw new InvalidDataException($"{outputPath}: {source} do not make the expected table: {problems}; the output was not written");
            writer.Complete();
        });

        var manifest = new SurveyOutputManifest
        {
            Output = Path.GetFileName(outputPath),
            Format = format.ToString().ToLowerInvariant(),
            Rows = rows,
            Sha256 = SurveyRunFingerprint.Sha256Of(outputPath),
            FirstLine = first,
            LastLine = last,
            StatusCounts = counts,
            TextBytes = SurveyOutputManifest.TextBytesOf(shape),
            Created = created.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            Fingerprint = fingerprint.ToJson(),
        };
        manifest.Write(SurveyOutputManifest.PathFor(outputPath));
        return manifest;
    }
}
