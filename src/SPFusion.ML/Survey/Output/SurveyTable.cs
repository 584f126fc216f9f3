using SPFusion.Transforms.Datasets;

namespace SPFusion.ML.Survey.Output;

/// <summary>
/// Writes and reads survey estimate tables (columns <c>obsid, mass, age, status, model, message, catalog_line</c>, and
/// <c>mass_sigma, age_sigma</c> after <c>age</c> when the estimates have an uncertainty) as
/// CSV, FITS or Parquet, the format chosen from the file's extension. The three formats hold the same values: a table
/// written in one and read back equals the same table written in another (except that FITS, by its convention, drops the
/// trailing blanks of a text that fills its column exactly).
/// </summary>
public static class SurveyTable
{
    /// <summary>The format for <paramref name="path"/>'s extension: <c>.csv</c>, <c>.fits</c> or <c>.fit</c>, <c>.parquet</c> (any case).</summary>
    /// <exception cref="ArgumentException">Any other extension, named with the accepted ones.</exception>
    public static SurveyOutputFormat FormatOf(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string ext = Path.GetExtension(path).ToLowerInvariant();
        return ext switch
        {
            ".csv" => SurveyOutputFormat.Csv,
            ".fits" or ".fit" => SurveyOutputFormat.Fits,
            ".parquet" => SurveyOutputFormat.Parquet,
            _ => throw new ArgumentException(
                $"{path}: the output format is chosen from the file's extension, .csv, .fits (or .fit) or .parquet; " +
                (ext.Length == 0 ? "this name has none" : $"'{ext}' is not one of them") +
                (ext is ".gz" or ".bz2" or ".fz" ? " (compressed tables are not written: compress the finished file)" : ""),
                nameof(path)),
        };
    }

    /// <summary>
    /// Writes <paramref name="rows"/> in the order given (a survey run's output is in catalogue order, <see cref="SurveyEstimate.Line"/>
    /// ascending) to <paramref name="path"/>, atomically: the file is replaced only by a complete table.
    /// </summary>
    /// <param name="path">The table to write; its extension chooses the format.</param>
    /// <param name="rows">The estimates; mass and age are null or finite.</param>
    /// <param name="metadata">Provenance for FITS and Parquet (required there; CSV carries none).</param>
    /// <exception cref="ArgumentException">Unknown extension, a row that cannot be written (named by its catalogue line), or no metadata for FITS/Parquet.</exception>
    /// <exception cref="IOException">The file cannot be written; an existing file is left unchanged.</exception>
    public static void Write(string path, IReadOnlyCollection<SurveyEstimate> rows, SurveyTableMetadata? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var format = FormatOf(path);
        var shape = format == SurveyOutputFormat.Fits ? SurveyTableShape.Of(rows) : new SurveyTableShape();
        // The sigma columns are there when any row has a sigma (a model with an uncertainty made it).
        bool sigma = rows.Any(r => r is not null && (r.MassSigma is not null || r.AgeSigma is not null));
        AtomicFile.Write(path, stream =>
        {
            using var writer = OpenWriter(stream, format, metadata, shape, sigma);
            foreach (var row in rows) writer.Write(row);
            writer.Complete();
        });
    }

    /// <summary>
    /// Reads the table at <paramref name="path"/> (format from its extension) lazily, row by row in file order, so a
    /// table larger than memory can be streamed.
    /// </summary>
    /// <exception cref="ArgumentException">Unknown extension.</exception>
    /// <exception cref="InvalidDataException">A malformed table, naming the file, the row or line and the column.</exception>
    public static IEnumerable<SurveyEstimate> Read(string path)
    {
        FormatOf(path);
        return Rows(path);

        static IEnumerable<SurveyEstimate> Rows(string path)
        {
            using var reader = OpenReader(path);
            while (reader.Read() is { } row) yield return row;
        }
    }

    /// <summary>
    /// A writer of <paramref name="format"/> on <paramref name="stream"/> (left open); FITS needs the table's shape
    /// beforehand. <paramref name="sigma"/> adds the <c>mass_sigma</c> and <c>age_sigma</c> columns.
    /// </summary>
    internal static ISurveyTableWriter OpenWriter(Stream stream, SurveyOutputFormat format, SurveyTableMetadata? metadata, SurveyTableShape shape,
        bool sigma = false) => format switch
        {
            SurveyOutputFormat.Csv => new SurveyCsvWriter(stream, sigma),
            SurveyOutputFormat.Fits => new SurveyFitsWriter(stream, metadata ?? throw MetadataRequired(format), shape, sigma),
            SurveyOutputFormat.Parquet => new SurveyParquetWriter(stream, metadata ?? throw MetadataRequired(format), sigma),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "not a survey output format"),
        };

    private static ArgumentException MetadataRequired(SurveyOutputFormat format) =>
        new($"a {format} survey table records the model files and package version: pass a {nameof(SurveyTableMetadata)}", "metadata");

    /// <summary>True when the table at <paramref name="path"/> has the sigma columns.</summary>
    internal static bool HasSigma(string path)
    {
        using var reader = OpenReader(path);
        return reader.HasSigma;
    }

    /// <summary>A reader of the table at <paramref name="path"/>, format from its extension.</summary>
    internal static ISurveyTableReader OpenReader(string path) => FormatOf(path) switch
    {
        SurveyOutputFormat.Csv => new SurveyCsvReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16), path),
        SurveyOutputFormat.Fits => new SurveyFitsReader(path),
        _ => new SurveyParquetReader(path),
    };
}
