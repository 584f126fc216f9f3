using System.Text;

namespace SPFusion.ML.Survey.Output;

/// <summary>
/// What a FITS table's header must state before its first row: the row count (NAXIS2) and each text column's width,
/// the longest value's UTF-8 byte count (at least 1). Gathered row by row, or per committed part and combined, so a
/// streamed table never needs its rows in memory.
/// </summary>
internal sealed class SurveyTableShape
{
    public long Rows { get; private set; }

    public int ObsIdBytes { get; private set; } = 1;

    public int StatusBytes { get; private set; } = 1;

    public int ModelBytes { get; private set; } = 1;

    public int MessageBytes { get; private set; } = 1;

    public static SurveyTableShape Of(IEnumerable<SurveyEstimate> rows)
    {
        var shape = new SurveyTableShape();
        foreach (var row in rows) shape.Include(row);
        return shape;
    }

    public void Include(SurveyEstimate row)
    {
        Rows++;
        ObsIdBytes = Math.Max(ObsIdBytes, Encoding.UTF8.GetByteCount(row.ObsId));
        StatusBytes = Math.Max(StatusBytes, SurveyStatusText.Of(row.Status).Length);
        ModelBytes = Math.Max(ModelBytes, Encoding.UTF8.GetByteCount(row.Model));
        MessageBytes = Math.Max(MessageBytes, Encoding.UTF8.GetByteCount(row.Message));
    }

    public void Include(SurveyTableShape other)
    {
        Rows += other.Rows;
        ObsIdBytes = Math.Max(ObsIdBytes, other.ObsIdBytes);
        StatusBytes = Math.Max(StatusBytes, other.StatusBytes);
        ModelBytes = Math.Max(ModelBytes, other.ModelBytes);
        MessageBytes = Math.Max(MessageBytes, other.MessageBytes);
    }

    /// <summary>A shape with the given widths (from a journal entry); each at least 1.</summary>
    public static SurveyTableShape With(long rows, int obsId, int status, int model, int message) => new()
    {
        Rows = rows,
        ObsIdBytes = Math.Max(1, obsId),
        StatusBytes = Math.Max(1, status),
        ModelBytes = Math.Max(1, model),
        MessageBytes = Math.Max(1, message),
    };
}
