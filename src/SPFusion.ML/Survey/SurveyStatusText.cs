namespace SPFusion.ML.Survey;

/// <summary>The one spelling of each <see cref="SurveyStatus"/> in output files and summaries.</summary>
public static class SurveyStatusText
{
    /// <summary>Every status in the order summaries list them.</summary>
    public static IReadOnlyList<SurveyStatus> All { get; } =
        [SurveyStatus.Ok, SurveyStatus.SpectrumOnly, SurveyStatus.BadSpectrum, SurveyStatus.BadFrame, SurveyStatus.MissingFile, SurveyStatus.BadRow];

    /// <summary>The output spelling: <c>ok</c>, <c>spectrum_only</c>, <c>bad_spectrum</c>, <c>bad_frame</c>, <c>missing_file</c>, <c>bad_row</c>.</summary>
    public static string Of(SurveyStatus status) => status switch
    {
        SurveyStatus.Ok => "ok",
        SurveyStatus.SpectrumOnly => "spectrum_only",
        SurveyStatus.BadSpectrum => "bad_spectrum",
        SurveyStatus.BadFrame => "bad_frame",
        SurveyStatus.MissingFile => "missing_file",
        SurveyStatus.BadRow => "bad_row",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "not a survey status"),
    };

    /// <summary>Parses an output spelling; throws <see cref="InvalidDataException"/> naming <paramref name="where"/> otherwise.</summary>
    public static SurveyStatus Parse(string text, string where)
    {
        foreach (var s in All)
        {
            if (string.Equals(Of(s), text, StringComparison.Ordinal)) return s;
        }
        throw new InvalidDataException($"{where}: status '{text}' is not one of {string.Join(", ", All.Select(Of))}");
    }
}
