using SPFusion.ML.Survey;
using SPFusion.ML.Survey.Output;

namespace SPFusion.Tests.Survey.Output;

/// <summary>Estimates that exercise every value a survey table must carry: no estimate, quoting, unicode, empty text.</summary>
internal static class SurveyEstimateSamples
{
    public static readonly DateTimeOffset Created = new(2026, 12, 6, 7, 30, 0, TimeSpan.Zero);

    public static SurveyTableMetadata Metadata { get; } = new("spfusion model.zip", new string('a', 64), "convnext1d.onnx", new string('b', 64), "1.2.3-test", Created);

    /// <summary>One row of each kind, in catalogue order.</summary>
    public static IReadOnlyList<SurveyEstimate> Mixed { get; } =
    [
        new(2, "101001", 1.234567f, 3.5f, SurveyStatus.Ok, SurveyEstimate.FusionModel, ""),
        new(3, "101002", null, null, SurveyStatus.MissingFile, "", "spectra/101002.fits: file not found"),
        new(4, "obs,with \"comma\" and quotes", 0.1f, 12.25f, SurveyStatus.SpectrumOnly, SurveyEstimate.FallbackModel, "frames: outside SDSS, \"no run\"\nsecond line"),
        new(6, "101004", 1e-30f, 3.4028235e38f, SurveyStatus.BadFrame, SurveyEstimate.FallbackModel, "frame-r-000094-1-0012.fits.bz2: CRC mismatch — λ 6563 Å, ошибка, 星"),
        new(7, "", -0.5f, null, SurveyStatus.BadSpectrum, "", "spectra/x.fits: NaN flux at 4,001 Å"),
        new(9, "101006", null, 0.333333343f, SurveyStatus.BadRow, "", "ra 'abc' is not a number"),
        new(12, "  101008 ", 2f, 4f, SurveyStatus.Ok, SurveyEstimate.FusionModel, "ends in blanks  "),
        new(1_000_000, "101007", float.Epsilon, -float.MaxValue, SurveyStatus.Ok, SurveyEstimate.FusionModel, "warning: last FITS block short\r\nread anyway"),
    ];

    /// <summary><paramref name="count"/> simple rows with lines 2..count+1 and a deterministic status mix.</summary>
    public static List<SurveyEstimate> Many(int count)
    {
        var rows = new List<SurveyEstimate>(count);
        for (int i = 0; i < count; i++)
        {
            int line = i + 2;
            var status = SurveyStatusText.All[i % SurveyStatusText.All.Count];
            bool estimated = status is SurveyStatus.Ok or SurveyStatus.SpectrumOnly;
            rows.Add(new SurveyEstimate(line, $"obs{line}", estimated ? 0.8f + (i % 97 * 0.01f) : null, estimated ? 1f + (i % 89 * 0.1f) : null, status,
                status == SurveyStatus.Ok ? SurveyEstimate.FusionModel : estimated ? SurveyEstimate.FallbackModel : "",
                estimated ? "" : $"file {line}: {SurveyStatusText.Of(status)}"));
        }
        return rows;
    }
}
