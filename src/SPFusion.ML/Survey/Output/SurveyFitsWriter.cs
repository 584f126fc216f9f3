using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using SPFusion.Transforms.Fits;

namespace SPFusion.ML.Survey.Output;

/// <summary>
/// The survey table as FITS: an empty primary HDU and one BINTABLE (extension 1, EXTNAME <c>ESTIMATES</c>) with
/// obsid, status, model and message as <c>nA</c> (n the longest value's UTF-8 byte count, at least 1; ASCII for every
/// value the pipeline writes, UTF-8 bytes otherwise, which astropy decodes), mass and age as <c>1E</c> in
/// <c>solMass</c> and <c>Gyr</c> with NaN for no estimate (for a model with an uncertainty, mass_sigma and age_sigma
/// follow them, alike), and catalog_line as <c>1J</c>. The header names the model
/// files, their SHA-256, the package version and the date. Rows are streamed: the header's row count and widths come
/// from a <see cref="SurveyTableShape"/> gathered beforehand. A text shorter than its field ends with NUL bytes (the
/// standard's terminator, and what astropy writes): numpy drops trailing NULs, whereas blank padding stays on every
/// value of an astropy <c>Table</c> (checked with astropy 5.2). A value that fills its field exactly and ends in
/// blanks loses them on reading, as readers take trailing blanks for padding (the pipeline writes no such value).
/// </summary>
internal sealed class SurveyFitsWriter : ISurveyTableWriter
{
    public const string ExtName = "ESTIMATES";
    private readonly FitsWriter _fits;
    private readonly FitsTableRowWriter _rows;
    private readonly SurveyTableShape _shape;
    private readonly byte[] _row;
    private readonly bool _sigma;

    public SurveyFitsWriter(Stream stream, SurveyTableMetadata metadata, SurveyTableShape shape, bool sigma = false)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        _shape = shape;
        _sigma = sigma;
        _fits = new FitsWriter(stream, FitsCompression.None, leaveOpen: true);
        FitsTableColumnDeclaration[] sigmas = sigma
            ? [new(SurveyColumns.MassSigma, 'E', 1, SurveyColumns.MassUnit), new(SurveyColumns.AgeSigma, 'E', 1, SurveyColumns.AgeUnit)]
            : [];
        FitsTableColumnDeclaration[] columns =
        [
            new(SurveyColumns.ObsId, 'A', shape.ObsIdBytes),
            new(SurveyColumns.Mass, 'E', 1, SurveyColumns.MassUnit),
            new(SurveyColumns.Age, 'E', 1, SurveyColumns.AgeUnit),
            .. sigmas,
            new(SurveyColumns.Status, 'A', shape.StatusBytes),
            new(SurveyColumns.Model, 'A', shape.ModelBytes),
            new(SurveyColumns.Message, 'A', shape.MessageBytes),
            new(SurveyColumns.CatalogLine, 'J', 1),
        ];
        _rows = _fits.BeginBinaryTable(columns, shape.Rows, sigma ? Keywords(metadata).Append(SigmaComment) : Keywords(metadata), ExtName);
        _row = new byte[_rows.RowLength];
    }

    /// <summary>The provenance keywords (ASCII only: a non-ASCII character of a file name becomes '?').</summary>
    public static IEnumerable<FitsCard> Keywords(SurveyTableMetadata m)
    {
        yield return FitsCard.Create("MODEL", Ascii(m.ModelFile), "fusion model file");
        // A SHA-256 fills the card: no room for a comment.
        yield return FitsCard.Create("MODELSHA", m.ModelSha256);
        if (m.FallbackModelFile is not null) yield return FitsCard.Create("FALLBACK", Ascii(m.FallbackModelFile), "spectrum-only fallback model file");
        if (m.FallbackModelSha256 is not null) yield return FitsCard.Create("FALLBSHA", m.FallbackModelSha256);
        yield return FitsCard.Create("SPFUSVER", Ascii(m.PackageVersion), "SPFusion for .NET package version");
        yield return FitsCard.Create("DATE", m.Created.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture), "UTC date the table was written");
        yield return FitsCard.Commentary("COMMENT", "MODELSHA, FALLBSHA: SHA-256 of the fusion and fallback model files.");
        yield return FitsCard.Commentary("COMMENT", "mass and age are NaN where no model estimated the star; status says why.");
        yield return FitsCard.Commentary("COMMENT", "catalog_line is the star's 1-based line in the catalogue file (header = 1).");
    }

    private static FitsCard SigmaComment { get; } =
        FitsCard.Commentary("COMMENT", "mass_sigma, age_sigma: the model's standard deviations; NaN if none.");

    private static string Ascii(string text) => string.Create(text.Length, text, (span, t) =>
    {
        for (int i = 0; i < t.Length; i++) span[i] = t[i] is >= ' ' and <= '~' ? t[i] : '?';
    });

    public void Write(SurveyEstimate row)
    {
        SurveyEstimateCheck.Validate(row);
        var span = _row.AsSpan();
        int offset = 0;
        offset = PutText(span, offset, _shape.ObsIdBytes, row.ObsId, SurveyColumns.ObsId, row.Line);
        BinaryPrimitives.WriteSingleBigEndian(span[offset..], row.Mass ?? float.NaN);
        offset += 4;
        BinaryPrimitives.WriteSingleBigEndian(span[offset..], row.Age ?? float.NaN);
        offset += 4;
        if (_sigma)
        {
            BinaryPrimitives.WriteSingleBigEndian(span[offset..], row.MassSigma ?? float.NaN);
            offset += 4;
            BinaryPrimitives.WriteSingleBigEndian(span[offset..], row.AgeSigma ?? float.NaN);
            offset += 4;
        }
        else if (row.MassSigma is not null || row.AgeSigma is not null)
        {
            throw new ArgumentException($"catalogue line {row.Line}: the row has sigmas but the table was started without the sigma columns");
        }
        offset = PutText(span, offset, _shape.StatusBytes, SurveyStatusText.Of(row.Status), SurveyColumns.Status, row.Line);
        offset = PutText(span, offset, _shape.ModelBytes, row.Model, SurveyColumns.Model, row.Line);
        offset = PutText(span, offset, _shape.MessageBytes, row.Message, SurveyColumns.Message, row.Line);
        BinaryPrimitives.WriteInt32BigEndian(span[offset..], row.Line);
        _rows.WriteRow(span);
    }

    private static int PutText(Span<byte> row, int offset, int width, string text, string column, int line)
    {
        var field = row.Slice(offset, width);
        field.Clear();
        if (Encoding.UTF8.GetByteCount(text) > width)
            throw new ArgumentException($"catalogue line {line}: column '{column}' needs {Encoding.UTF8.GetByteCount(text)} bytes but the table was declared {width} wide; gather the shape from every row");
        Encoding.UTF8.GetBytes(text, field);
        return offset + width;
    }

    public void Complete()
    {
        _rows.Complete();
        _fits.Dispose();
    }

    public void Dispose() => _fits.Dispose();
}
